namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Non-shrinking smoothing of triangle meshes in patient LPS mm.</summary>
public static class MeshSmoothing
{
    /// <summary>Taubin's positive step λ (dimensionless).</summary>
    public const double Lambda = 0.5;

    /// <summary>
    /// Taubin λ|μ smoothing with uniform Laplacian weights: λ = 0.5 and μ = 1 / (passBand - 1/λ), so
    /// frequencies below the pass band k_pb are kept and the volume does not shrink. Returns a new mesh
    /// with the same triangles and name, positions in LPS mm, and normals cleared (recompute them).
    /// </summary>
    public static Mesh Taubin(Mesh mesh, int iterations = 10, double passBand = 0.1)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "smoothing iterations must be 0 or more");
        if (!(passBand > 0 && passBand < 1)) throw new ArgumentOutOfRangeException(nameof(passBand), passBand, "the Taubin pass band must lie in (0, 1), typically 0.01 to 0.1");
        var current = (float[])mesh.PositionsMm.Clone();
        if (iterations == 0 || mesh.TriangleCount == 0) return new Mesh(mesh.Name, mesh.Color, current, mesh.Indices);
        SmoothInPlace(current, MeshAdjacency.Build(mesh.VertexCount, mesh.Indices), iterations, passBand);
        return new Mesh(mesh.Name, mesh.Color, current, mesh.Indices);
    }

    /// <summary>Taubin λ|μ iterations on packed LPS mm positions over a vertex adjacency, in place.</summary>
    internal static void SmoothInPlace(float[] current, MeshAdjacency adjacency, int iterations, double passBand)
    {
        if (!(passBand > 0 && passBand < 1)) throw new ArgumentOutOfRangeException(nameof(passBand), passBand, "the Taubin pass band must lie in (0, 1), typically 0.01 to 0.1");
        double mu = 1.0 / (passBand - 1.0 / Lambda);
        var next = new float[current.Length];
        for (int it = 0; it < iterations; it++)
        {
            Step(current, next, adjacency, Lambda);
            Step(next, current, adjacency, mu);
        }
    }

    /// <summary>dst = src + factor * (mean of neighbours - src), per vertex; each vertex written by one thread only.</summary>
    private static void Step(float[] src, float[] dst, MeshAdjacency adjacency, double factor)
    {
        int vertexCount = src.Length / 3;
        int[] start = adjacency.Start, neighbours = adjacency.Neighbours;
        const int Block = 4096;
        Parallel.For(0, (vertexCount + Block - 1) / Block, block =>
        {
            int end = Math.Min(vertexCount, (block + 1) * Block);
            for (int v = block * Block; v < end; v++)
            {
                int s = start[v], e = start[v + 1];
                float px = src[3 * v], py = src[3 * v + 1], pz = src[3 * v + 2];
                if (e == s)
                {
                    dst[3 * v] = px; dst[3 * v + 1] = py; dst[3 * v + 2] = pz;
                    continue;
                }
                double sx = 0, sy = 0, sz = 0;
                for (int n = s; n < e; n++)
                {
                    int u = neighbours[n] * 3;
                    sx += src[u]; sy += src[u + 1]; sz += src[u + 2];
                }
                double inv = 1.0 / (e - s);
                dst[3 * v] = (float)(px + factor * (sx * inv - px));
                dst[3 * v + 1] = (float)(py + factor * (sy * inv - py));
                dst[3 * v + 2] = (float)(pz + factor * (sz * inv - pz));
            }
        });
    }
}
