namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Vertex normals that stay smooth across gentle folds and split at sharp edges: the corners of the triangles
/// around a vertex are grouped across every edge whose dihedral angle is at most the feature angle, and each group
/// becomes its own vertex with the area-weighted normal of its triangles (a cube's corner becomes 3 vertices with
/// the 3 face normals; a sphere keeps one vertex per position).
/// </summary>
public static class FeatureNormals
{
    /// <summary>
    /// A copy of mesh with vertices split where the angle between the normals of two triangles sharing an edge
    /// exceeds featureAngleDeg (degrees, 0..180; 180 never splits), and unit LPS normals per vertex. Positions
    /// stay in patient LPS mm; topology counts (watertight, genus) belong to the unsplit mesh.
    /// </summary>
    public static Mesh Split(Mesh mesh, double featureAngleDeg)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (!(featureAngleDeg >= 0 && featureAngleDeg <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(featureAngleDeg), featureAngleDeg, "the feature angle must lie in 0..180 degrees (30 to 60 is typical)");
        }
        int[] idx = mesh.Indices;
        float[] p = mesh.PositionsMm;
        int triangles = mesh.TriangleCount;
        var faceNormal = new double[triangles * 3];
        for (int t = 0; t < triangles; t++)
        {
            int a = idx[3 * t] * 3, b = idx[3 * t + 1] * 3, c = idx[3 * t + 2] * 3;
            double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            faceNormal[3 * t] = uy * vz - uz * vy;
            faceNormal[3 * t + 1] = uz * vx - ux * vz;
            faceNormal[3 * t + 2] = ux * vy - uy * vx;
        }
        // Corner 3t + k is vertex k of triangle t; corners joined across smooth edges share an output vertex.
        int[] parent = DisjointSets.Create(idx.Length);
        double cosine = Math.Cos(featureAngleDeg * Math.PI / 180);
        foreach ((int cornerA, int cornerB) in EdgePairs(idx))
        {
            int t = cornerA / 3, u = cornerB / 3;
            if (featureAngleDeg < 180 && !Smooth(faceNormal, t, u, cosine)) continue;
            // Edge a->b in t (corners cornerA, next) is b->a in u (corners cornerB, next): join the matching ends.
            int tNext = 3 * t + (cornerA % 3 + 1) % 3, uNext = 3 * u + (cornerB % 3 + 1) % 3;
            DisjointSets.Union(parent, cornerA, uNext);
            DisjointSets.Union(parent, tNext, cornerB);
        }
        var vertexOf = new int[idx.Length];
        Array.Fill(vertexOf, -1);
        int count = 0;
        var indices = new int[idx.Length];
        for (int n = 0; n < idx.Length; n++)
        {
            int root = DisjointSets.Find(parent, n);
            if (vertexOf[root] < 0) vertexOf[root] = count++;
            indices[n] = vertexOf[root];
        }
        var positions = new float[count * 3];
        var sum = new double[count * 3];
        for (int n = 0; n < idx.Length; n++)
        {
            int v = indices[n], s = idx[n], t = n / 3;
            positions[3 * v] = p[3 * s]; positions[3 * v + 1] = p[3 * s + 1]; positions[3 * v + 2] = p[3 * s + 2];
            sum[3 * v] += faceNormal[3 * t]; sum[3 * v + 1] += faceNormal[3 * t + 1]; sum[3 * v + 2] += faceNormal[3 * t + 2];
        }
        var normals = new float[count * 3];
        for (int v = 0; v < count; v++)
        {
            double length = Math.Sqrt(sum[3 * v] * sum[3 * v] + sum[3 * v + 1] * sum[3 * v + 1] + sum[3 * v + 2] * sum[3 * v + 2]);
            if (length > 1e-30)
            {
                normals[3 * v] = (float)(sum[3 * v] / length); normals[3 * v + 1] = (float)(sum[3 * v + 1] / length); normals[3 * v + 2] = (float)(sum[3 * v + 2] / length);
            }
            else normals[3 * v + 2] = 1f;
        }
        return new Mesh(mesh.Name, mesh.Color, positions, indices, normals);
    }

    private static bool Smooth(double[] n, int t, int u, double cosine)
    {
        double dot = n[3 * t] * n[3 * u] + n[3 * t + 1] * n[3 * u + 1] + n[3 * t + 2] * n[3 * u + 2];
        double lt = Math.Sqrt(n[3 * t] * n[3 * t] + n[3 * t + 1] * n[3 * t + 1] + n[3 * t + 2] * n[3 * t + 2]);
        double lu = Math.Sqrt(n[3 * u] * n[3 * u] + n[3 * u + 1] * n[3 * u + 1] + n[3 * u + 2] * n[3 * u + 2]);
        // A degenerate (zero-area) triangle has no direction to disagree with: it never splits its neighbours.
        return lt * lu == 0 || dot >= cosine * lt * lu;
    }

    /// <summary>For each edge a-&gt;b of a triangle whose reverse b-&gt;a is in exactly one other triangle: the two edge-start corners.</summary>
    private static IEnumerable<(int, int)> EdgePairs(int[] idx)
    {
        var keys = new long[idx.Length];
        var corners = new int[idx.Length];
        for (int n = 0; n < idx.Length; n++)
        {
            long a = idx[n], b = idx[n - n % 3 + (n % 3 + 1) % 3];
            keys[n] = (a << 32) | b;
            corners[n] = n;
        }
        Array.Sort(keys, corners);
        for (int n = 0; n < idx.Length; n++)
        {
            long a = keys[n] >> 32, b = keys[n] & 0xFFFFFFFFL;
            if (a >= b) continue;
            int r = Array.BinarySearch(keys, (b << 32) | a);
            if (r < 0) continue;
            bool single = (r == 0 || keys[r - 1] != keys[r]) && (r == keys.Length - 1 || keys[r + 1] != keys[r]) && (n == 0 || keys[n - 1] != keys[n]) && (n == keys.Length - 1 || keys[n + 1] != keys[n]);
            if (single) yield return (corners[n], corners[r]);
        }
    }
}
