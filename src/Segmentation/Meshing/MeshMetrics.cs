namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Size and topology measures of triangle meshes in patient LPS mm.</summary>
public static class MeshMetrics
{
    /// <summary>Signed enclosed volume in mm³ by the divergence theorem; positive when triangles face outward.</summary>
    public static double EnclosedVolumeMm3(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        double sum = 0;
        for (int t = 0; t < idx.Length; t += 3)
        {
            int a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
            double ax = p[a], ay = p[a + 1], az = p[a + 2];
            double bx = p[b], by = p[b + 1], bz = p[b + 2];
            double cx = p[c], cy = p[c + 1], cz = p[c + 2];
            sum += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
        }
        return sum / 6.0;
    }

    /// <summary>Total triangle area in mm².</summary>
    public static double SurfaceAreaMm2(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        double sum = 0;
        for (int t = 0; t < idx.Length; t += 3)
        {
            int a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
            double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            sum += Math.Sqrt(nx * nx + ny * ny + nz * nz);
        }
        return sum / 2.0;
    }

    /// <summary>
    /// True when every undirected edge is used by exactly two triangles, once in each direction (a closed,
    /// consistently oriented surface). An empty mesh is not watertight.
    /// </summary>
    public static bool IsWatertight(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (mesh.TriangleCount == 0) return false;
        long[] directed = DirectedEdges(mesh.Indices, out bool degenerate);
        if (degenerate) return false;
        Array.Sort(directed);
        for (int n = 1; n < directed.Length; n++)
        {
            if (directed[n] == directed[n - 1]) return false;
        }
        foreach (long key in directed)
        {
            long reverse = (key << 32) | (long)((ulong)key >> 32);
            if (Array.BinarySearch(directed, reverse) < 0) return false;
        }
        return true;
    }

    /// <summary>V - E + F over the vertices that triangles use (2 for a sphere, 0 for a torus).</summary>
    public static long EulerCharacteristic(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        int[] idx = mesh.Indices;
        var used = new bool[mesh.VertexCount];
        foreach (int v in idx) used[v] = true;
        long vertices = used.Count(u => u);
        long[] directed = DirectedEdges(idx, out _);
        for (int n = 0; n < directed.Length; n++)
        {
            long a = directed[n] >> 32, b = directed[n] & 0xFFFFFFFFL;
            directed[n] = a < b ? (a << 32) | b : (b << 32) | a;
        }
        Array.Sort(directed);
        long edges = 0;
        for (int n = 0; n < directed.Length; n++)
        {
            if (n == 0 || directed[n] != directed[n - 1]) edges++;
        }
        return vertices - edges + mesh.TriangleCount;
    }

    /// <summary>Directed edges a→b of every triangle as (a &lt;&lt; 32) | b.</summary>
    private static long[] DirectedEdges(int[] idx, out bool degenerate)
    {
        var keys = new long[idx.Length];
        degenerate = false;
        for (int t = 0; t < idx.Length; t += 3)
        {
            for (int e = 0; e < 3; e++)
            {
                long a = idx[t + e], b = idx[t + (e + 1) % 3];
                if (a == b) degenerate = true;
                keys[t + e] = (a << 32) | b;
            }
        }
        return keys;
    }
}
