namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Non-shrinking smoothing of triangle meshes in patient LPS mm: windowed sinc (the pipeline's) and Taubin λ|μ.</summary>
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

    /// <summary>
    /// Windowed-sinc smoothing (Taubin, Zhang and Golub 1996, as vtkWindowedSincPolyDataFilter): the ideal low-pass
    /// filter on the spectrum k in [0, 2] of the uniform Laplacian K = I - W (W = mean of the neighbours), pass band
    /// k_pb, expanded in Chebyshev polynomials of I - K/2 to `iterations` terms (theta_pb = acos(1 - k_pb/2), as VTK)
    /// and tapered by a Hamming window (as VTK 9.1); the filter edge is widened until k_pb passes at gain 1, as VTK
    /// does, which is what keeps curved shapes from shrinking, and the gain at k = 0 is exactly 1 so the surface
    /// does not drift.
    /// Returns a new mesh with the same triangles and name, positions in LPS mm, normals cleared (recompute them).
    /// </summary>
    public static Mesh WindowedSinc(Mesh mesh, int iterations = 20, double passBand = 0.1)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "smoothing iterations must be 0 or more");
        var current = (float[])mesh.PositionsMm.Clone();
        if (iterations > 0 && mesh.TriangleCount > 0)
        {
            WindowedSincInPlace(current, MeshAdjacency.Build(mesh.VertexCount, mesh.Indices), iterations, passBand);
        }
        return new Mesh(mesh.Name, mesh.Color, current, mesh.Indices);
    }

    /// <summary>Windowed-sinc smoothing of packed LPS mm positions over a vertex adjacency, in place (see <see cref="WindowedSinc"/>).</summary>
    internal static void WindowedSincInPlace(float[] positions, MeshAdjacency adjacency, int iterations, double passBand)
    {
        if (!(passBand > 0 && passBand < 2)) throw new ArgumentOutOfRangeException(nameof(passBand), passBand, "the windowed-sinc pass band must lie in (0, 2), typically 0.01 to 0.1");
        if (iterations <= 0) return;
        double[] c = WindowedSincCoefficients(iterations, passBand);
        int n = positions.Length;
        var previous = new float[n];
        var current = (float[])positions.Clone();
        var next = new float[n];
        var sum = new double[n];
        for (int x = 0; x < n; x++) sum[x] = c[0] * positions[x];
        // With A = I - K/2 = (I + W)/2: T_0 x = x, T_1 x = A x, T_{i+1} x = 2 A T_i x - T_{i-1} x = T_i x + W T_i x - T_{i-1} x.
        positions.CopyTo(previous, 0);
        Step(previous, current, adjacency, 0.5);
        for (int x = 0; x < n; x++) sum[x] += c[1] * current[x];
        for (int i = 2; i <= iterations; i++)
        {
            Step(current, next, adjacency, 1.0);
            double ci = c[i];
            for (int x = 0; x < n; x++)
            {
                float value = current[x] + next[x] - previous[x];
                next[x] = value;
                sum[x] += ci * value;
            }
            (previous, current, next) = (current, next, previous);
        }
        for (int x = 0; x < n; x++) positions[x] = (float)sum[x];
    }

    /// <summary>
    /// Chebyshev coefficients (in x = 1 - k/2) of the Hamming-windowed ideal low-pass filter whose edge is widened by
    /// an offset sigma until the filter passes k_pb at gain 1 (VTK's Newton search, here by bisection), then
    /// normalised to gain 1 at k = 0 so the mesh does not drift.
    /// </summary>
    private static double[] WindowedSincCoefficients(int iterations, double passBand)
    {
        double theta = Math.Acos(1 - 0.5 * passBand);
        var window = new double[iterations + 1];
        for (int i = 0; i <= iterations; i++)
        {
            double x = i * Math.PI / (iterations + 1);
            window[i] = 0.54 + 0.46 * Math.Cos(x);
        }
        var c = new double[iterations + 1];
        void Fill(double edge)
        {
            c[0] = window[0] * edge / Math.PI;
            for (int i = 1; i <= iterations; i++) c[i] = 2 * window[i] * Math.Sin(i * edge) / (i * Math.PI);
        }
        double Gain(double k)
        {
            double angle = Math.Acos(1 - 0.5 * k), f = 0;
            for (int i = 0; i <= iterations; i++) f += c[i] * Math.Cos(i * angle);
            return f;
        }
        double lo = 0, hi = Math.PI - theta;
        for (int step = 0; step < 60 && iterations > 1; step++)
        {
            double sigma = 0.5 * (lo + hi);
            Fill(theta + sigma);
            if (Gain(passBand) < 1) lo = sigma; else hi = sigma;
        }
        Fill(theta + (iterations > 1 ? 0.5 * (lo + hi) : 0));
        double gain = Gain(0);
        for (int i = 0; i <= iterations; i++) c[i] /= gain;
        return c;
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
