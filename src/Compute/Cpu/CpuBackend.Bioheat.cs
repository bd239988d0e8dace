using System.Runtime.Intrinsics;

namespace SurgicalNav.Compute.Cpu;

// Explicit Pennes bioheat steps with Arrhenius damage (issue 7): Vector256 over x on interior rows, scalar on
// the grid's faces (insulated: a missing neighbour is the voxel itself), Parallel.For over z slabs.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Bioheat(BioheatProblem problem, int steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        problem.Check();
        int count = problem.TemperatureC.Length;
        float[] scratch = ScratchArray.Rent<float>(count);
        try
        {
            var c = new BioheatConstants(problem);
            float[] current = problem.TemperatureC, next = scratch;
            for (int step = 0; step < steps; step++)
            {
                float[] from = current, to = next;
                Parallel.For(0, c.Nz, k => BioheatSlab(problem, c, from, to, k));
                (current, next) = (next, current);
            }
            if (!ReferenceEquals(current, problem.TemperatureC)) current.AsSpan(0, count).CopyTo(problem.TemperatureC);
        }
        finally
        {
            ScratchArray.Return(scratch);
        }
    }

    /// <summary>Grid sizes and step constants in float, shared by the scalar and vector paths.</summary>
    private readonly struct BioheatConstants(BioheatProblem p)
    {
        public readonly int Nx = p.Geometry.Dimensions.X, Ny = p.Geometry.Dimensions.Y, Nz = p.Geometry.Dimensions.Z;
        public readonly float Ihx = (float)(1 / (p.Geometry.SpacingMm.X * p.Geometry.SpacingMm.X));
        public readonly float Ihy = (float)(1 / (p.Geometry.SpacingMm.Y * p.Geometry.SpacingMm.Y));
        public readonly float Ihz = (float)(1 / (p.Geometry.SpacingMm.Z * p.Geometry.SpacingMm.Z));
        public readonly float Dt = p.TimeStepS, Ta = p.ArterialC, TMax = p.MaxTemperatureC;
        public readonly bool Shutdown = p.PerfusionStopsWithDamage;
        public readonly float LnA = (float)p.LnFrequencyFactor, EaOverR = (float)(p.ActivationEnergyJPerMol / BioheatProblem.GasConstant);
    }

    private static void BioheatSlab(BioheatProblem p, BioheatConstants c, float[] t, float[] o, int k)
    {
        int nx = c.Nx, ny = c.Ny, slice = nx * ny;
        float[] d = p.DiffusivityMm2PerS, perf = p.PerfusionPerS, src = p.SourceKPerS, omega = p.Damage;
        byte[] fixedMask = p.Fixed;
        bool interiorSlab = k > 0 && k < c.Nz - 1;
        for (int j = 0; j < ny; j++)
        {
            int row = k * slice + j * nx;
            int i = 0;
            if (interiorSlab && j > 0 && j < ny - 1 && nx > 2)
            {
                BioheatScalar(p, c, t, o, i++, j, k);
                for (; i + Vector256<float>.Count <= nx - 1; i += Vector256<float>.Count) BioheatVector(c, t, o, d, perf, src, fixedMask, omega, row + i, nx, slice);
            }
            for (; i < nx; i++) BioheatScalar(p, c, t, o, i, j, k);
            // Damage from the temperature at the start of the step (explicit), in float like every backend.
            for (int n = row; n < row + nx; n++) omega[n] += c.Dt * MathF.Exp(c.LnA - c.EaOverR / (t[n] + 273.15f));
        }
    }

    private static void BioheatScalar(BioheatProblem p, BioheatConstants c, float[] t, float[] o, int i, int j, int k)
    {
        int nx = c.Nx, slice = nx * c.Ny, n = k * slice + j * nx + i;
        if (p.Fixed[n] != 0) { o[n] = t[n]; return; }
        float[] d = p.DiffusivityMm2PerS;
        int xm = i > 0 ? n - 1 : n, xp = i < nx - 1 ? n + 1 : n;
        int ym = j > 0 ? n - nx : n, yp = j < c.Ny - 1 ? n + nx : n;
        int zm = k > 0 ? n - slice : n, zp = k < c.Nz - 1 ? n + slice : n;
        float tc = t[n], dc = d[n];
        float fx = 0.5f * (dc + d[xp]) * (t[xp] - tc) + 0.5f * (dc + d[xm]) * (t[xm] - tc);
        float fy = 0.5f * (dc + d[yp]) * (t[yp] - tc) + 0.5f * (dc + d[ym]) * (t[ym] - tc);
        float fz = 0.5f * (dc + d[zp]) * (t[zp] - tc) + 0.5f * (dc + d[zm]) * (t[zm] - tc);
        float perfusion = c.Shutdown ? p.PerfusionPerS[n] * MathF.Exp(-p.Damage[n]) : p.PerfusionPerS[n];
        float rate = c.Ihx * fx + c.Ihy * fy + c.Ihz * fz + perfusion * (c.Ta - tc) + p.SourceKPerS[n];
        o[n] = MathF.Min(tc + c.Dt * rate, c.TMax);
    }

    private static void BioheatVector(BioheatConstants c, float[] t, float[] o, float[] d, float[] perf, float[] src, byte[] fixedMask, float[] omega, int n, int nx, int slice)
    {
        var half = Vector256.Create(0.5f);
        Vector256<float> tc = Vector256.Create(t, n), dc = Vector256.Create(d, n);
        Vector256<float> Flux(int m) => half * (dc + Vector256.Create(d, m)) * (Vector256.Create(t, m) - tc);
        Vector256<float> fx = Flux(n + 1) + Flux(n - 1);
        Vector256<float> fy = Flux(n + nx) + Flux(n - nx);
        Vector256<float> fz = Flux(n + slice) + Flux(n - slice);
        Span<float> held = stackalloc float[Vector256<float>.Count];
        Span<float> perfusion = stackalloc float[Vector256<float>.Count];
        for (int q = 0; q < held.Length; q++)
        {
            held[q] = fixedMask[n + q] != 0 ? 1f : 0f;
            perfusion[q] = c.Shutdown ? perf[n + q] * MathF.Exp(-omega[n + q]) : perf[n + q];
        }
        Vector256<float> rate = Vector256.Create(c.Ihx) * fx + Vector256.Create(c.Ihy) * fy + Vector256.Create(c.Ihz) * fz
            + Vector256.Create((ReadOnlySpan<float>)perfusion) * (Vector256.Create(c.Ta) - tc) + Vector256.Create(src, n);
        Vector256<float> updated = Vector256.Min(tc + Vector256.Create(c.Dt) * rate, Vector256.Create(c.TMax));
        // Held voxels keep their temperature.
        Vector256<float> keep = Vector256.GreaterThan(Vector256.Create((ReadOnlySpan<float>)held), Vector256<float>.Zero);
        Vector256.ConditionalSelect(keep, tc, updated).CopyTo(o, n);
    }
}
