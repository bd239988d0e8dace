namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Vertex normals of triangle meshes in patient LPS.</summary>
public static class MeshNormals
{
    /// <summary>
    /// Area-weighted unit vertex normals in LPS (3 floats per vertex), pointing outward for counter-clockwise
    /// triangles. Vertices with no area around them get (0, 0, 1) so every normal stays unit length.
    /// </summary>
    public static float[] Compute(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        var sum = new double[p.Length];
        for (int t = 0; t < idx.Length; t += 3)
        {
            int a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
            double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            // The unnormalised cross product is twice the area times the unit normal: area weighting for free.
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            sum[a] += nx; sum[a + 1] += ny; sum[a + 2] += nz;
            sum[b] += nx; sum[b + 1] += ny; sum[b + 2] += nz;
            sum[c] += nx; sum[c + 1] += ny; sum[c + 2] += nz;
        }
        var normals = new float[p.Length];
        for (int v = 0; v < p.Length; v += 3)
        {
            double length = Math.Sqrt(sum[v] * sum[v] + sum[v + 1] * sum[v + 1] + sum[v + 2] * sum[v + 2]);
            if (length > 1e-30)
            {
                normals[v] = (float)(sum[v] / length);
                normals[v + 1] = (float)(sum[v + 1] / length);
                normals[v + 2] = (float)(sum[v + 2] / length);
            }
            else
            {
                normals[v + 2] = 1f;
            }
        }
        return normals;
    }
}
