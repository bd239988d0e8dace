using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Surface;

/// <summary>
/// Point-to-plane ICP (Chen and Medioni 1992) of traced points onto a surface: nearest vertex by k-d tree,
/// linearised 6-DoF least squares per iteration with trimming and optional Huber weights. Start it from a
/// landmark or paired-point registration (<c>PointRegistration.Solve(...).MovingToFixed</c>): ICP only refines.
/// </summary>
public static class SurfaceIcp
{
    private const int Chunk = 2048;

    /// <summary>
    /// Refines <paramref name="initialMovingToFixed"/> so that <paramref name="movingPointsMm"/> (x,y,z per point,
    /// mm, moving frame) lie on <paramref name="surface"/> (fixed frame).
    /// </summary>
    public static IcpResult Register(IcpSurface surface, float[] movingPointsMm, RigidTransform initialMovingToFixed, IcpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(movingPointsMm);
        options ??= IcpOptions.Default;
        Validate(movingPointsMm, options);
        int n = movingPointsMm.Length / 3;
        var work = new IcpWork(n) { Normals = surface.SlotNormals };
        RigidTransform t = initialMovingToFixed;
        double extent = Extent(movingPointsMm);
        int iteration = 0;
        bool converged = false;
        double rms = double.NaN;
        float capSq = MathF.BitIncrement((float)(options.MaxCorrespondenceMm * options.MaxCorrespondenceMm));
        bool trimmed = options.TrimFraction < 1;
        while (iteration < options.MaxIterations)
        {
            iteration++;
            // Without trimming every pair within the cap counts, so matching and summing share one pass.
            Match(surface, movingPointsMm, t, work, capSq, accumulate: !trimmed, options);
            (double[] x, rms, int used) = trimmed ? Solve(work, TrimThreshold(work, options), options) : SmallSolver.SolveNormalEquations(work.Partial(Chunks(n)), Chunks(n));
            if (used < 6)
            {
                throw new RegistrationException($"ICP found only {used} point pairs within {options.MaxCorrespondenceMm} mm of the surface; " +
                                                "start from a closer initial registration (landmarks) or check that the points and surface are in mm");
            }
            var omega = new Vec3(x[0], x[1], x[2]);
            var step = new RigidTransform(RotationMath.FromRotationVector(omega), new Vec3(x[3], x[4], x[5]));
            t = step * t;
            if (new Vec3(x[3], x[4], x[5]).Length + omega.Length * extent < options.ToleranceMm)
            {
                converged = true;
                break;
            }
        }
        Match(surface, movingPointsMm, t, work, capSq, accumulate: !trimmed, options);
        (_, rms, _) = trimmed ? Solve(work, TrimThreshold(work, options), options) : SmallSolver.SolveNormalEquations(work.Partial(Chunks(n)), Chunks(n));
        int inliers = 0;
        for (int i = 0; i < n; i++)
        {
            if (work.DistanceSq[i] < capSq && Math.Abs(work.Residual[i]) <= options.InlierDistanceMm) inliers++;
        }
        return new IcpResult(t, rms, (double)inliers / n, iteration, converged);
    }

    private static int Chunks(int n) => (n + Chunk - 1) / Chunk;

    private static void Validate(float[] moving, IcpOptions options)
    {
        if (moving.Length < 18 || moving.Length % 3 != 0)
        {
            throw new RegistrationException($"ICP needs at least 6 traced points as x,y,z triples, got {moving.Length} floats; trace more of the skin");
        }
        for (int i = 0; i < moving.Length; i++)
        {
            if (!float.IsFinite(moving[i])) throw new RegistrationException($"traced point {i / 3 + 1} has a NaN or infinite coordinate; drop it before registering");
        }
        if (!(options.TrimFraction > 0 && options.TrimFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TrimFraction, "TrimFraction must be in (0, 1]");
        if (options.HuberMm is { } k && !(k > 0)) throw new ArgumentOutOfRangeException(nameof(options), k, "HuberMm must be positive");
        if (options.MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "MaxIterations must be 1 or more");
    }

    private static double Extent(float[] p)
    {
        double max = 0;
        for (int i = 0; i < p.Length; i += 3) max = Math.Max(max, Math.Sqrt((double)p[i] * p[i] + (double)p[i + 1] * p[i + 1] + (double)p[i + 2] * p[i + 2]));
        return max;
    }

    /// <summary>
    /// Moves every point by t, finds its nearest surface vertex closer than the cap (starting from last iteration's
    /// match, which only tightens the search bound) and the signed point-to-plane residual; with
    /// <paramref name="accumulate"/> also sums each chunk's normal equations over every matched pair.
    /// </summary>
    private static void Match(IcpSurface surface, float[] moving, RigidTransform t, IcpWork work, float capSq, bool accumulate, IcpOptions options)
    {
        int n = moving.Length / 3;
        float[] normals = surface.SlotNormals, positions = surface.SlotPositions;
        KdTree tree = surface.Tree;
        double[] partial = work.Partial(Chunks(n));
        double huber = options.HuberMm ?? double.PositiveInfinity;
        Parallel.For(0, Chunks(n), c =>
        {
            Span<double> acc = partial.AsSpan(c * IcpWork.Stride, IcpWork.Stride);
            acc.Clear();
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                Vec3 p = t.Apply(new Vec3(moving[3 * i], moving[3 * i + 1], moving[3 * i + 2]));
                int v = tree.NearestSlot((float)p.X, (float)p.Y, (float)p.Z, capSq, work.Vertex[i], out float dSq);
                work.Moved[i] = p;
                work.Vertex[i] = v;
                if (v < 0)
                {
                    work.DistanceSq[i] = float.PositiveInfinity;
                    work.Residual[i] = 0;
                    continue;
                }
                var nrm = new Vec3(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]);
                double r = (p.X - positions[3 * v]) * nrm.X + (p.Y - positions[3 * v + 1]) * nrm.Y + (p.Z - positions[3 * v + 2]) * nrm.Z;
                work.DistanceSq[i] = dSq;
                work.Residual[i] = r;
                if (accumulate) Accumulate(acc, p, nrm, r, huber);
            }
        });
    }

    /// <summary>Adds one pair's row of the linearised point-to-plane system (J = [p × n, n]) to a chunk's JᵀWJ, -JᵀWr, Σr² and count.</summary>
    private static void Accumulate(Span<double> acc, Vec3 p, Vec3 nrm, double r, double huber)
    {
        Vec3 pxn = Vec3.Cross(p, nrm);
        Span<double> j = [pxn.X, pxn.Y, pxn.Z, nrm.X, nrm.Y, nrm.Z];
        double w = Math.Abs(r) <= huber ? 1 : huber / Math.Abs(r);
        int k = 0;
        for (int a = 0; a < 6; a++)
        {
            double wja = w * j[a];
            for (int b = a; b < 6; b++) acc[k++] += wja * j[b];
            acc[21 + a] -= wja * r;
        }
        acc[27] += r * r;
        acc[28] += 1;
    }

    /// <summary>The squared point distance below which the best TrimFraction of the pairs lie (also capped by MaxCorrespondenceMm).</summary>
    private static float TrimThreshold(IcpWork work, IcpOptions options)
    {
        float cap = (float)(options.MaxCorrespondenceMm * options.MaxCorrespondenceMm);
        if (options.TrimFraction >= 1) return cap;
        int n = work.DistanceSq.Length;
        Array.Copy(work.DistanceSq, work.Scratch, n);
        int k = Math.Clamp((int)(options.TrimFraction * n) - 1, 0, n - 1);
        return Math.Min(cap, SelectKth(work.Scratch, k));
    }

    /// <summary>Accumulates and solves the 6x6 normal equations (ω, t) of the kept pairs; returns the update, the RMS residual and the pair count.</summary>
    private static (double[] X, double Rms, int Used) Solve(IcpWork work, float trimSq, IcpOptions options)
    {
        int n = work.Moved.Length;
        int chunks = (n + Chunk - 1) / Chunk;
        double[] partial = work.Partial(chunks);
        double huber = options.HuberMm ?? double.PositiveInfinity;
        float[] normals = work.Normals;
        Parallel.For(0, chunks, c =>
        {
            Span<double> acc = partial.AsSpan(c * IcpWork.Stride, IcpWork.Stride);
            acc.Clear();
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                if (!(work.DistanceSq[i] <= trimSq)) continue;
                int v = work.Vertex[i];
                Accumulate(acc, work.Moved[i], new Vec3(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]), work.Residual[i], huber);
            }
        });
        return SmallSolver.SolveNormalEquations(partial, chunks);
    }

    /// <summary>Quickselect in place; returns the k-th smallest value.</summary>
    private static float SelectKth(float[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return a[k];
    }
}
