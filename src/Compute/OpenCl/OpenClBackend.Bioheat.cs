using SurgicalNav.Compute.Native;

namespace SurgicalNav.Compute.OpenCl;

// Pennes bioheat on the device (issue 7): fields uploaded once, ping-pong temperature buffers, one launch per step.
public sealed partial class OpenClBackend
{
    /// <inheritdoc />
    public void Bioheat(BioheatProblem problem, int steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        problem.Check();
        if (steps == 0 || problem.TemperatureC.Length == 0) return;
        lock (_gate)
        {
            if (TryOnDevice(nameof(Bioheat), () => BioheatOnDevice(problem, steps))) return;
            Fallback.Bioheat(problem, steps);
        }
    }

    private void BioheatOnDevice(BioheatProblem p, int steps)
    {
        int count = p.TemperatureC.Length;
        long bytes = (long)count * sizeof(float);
        ClKernelHandle kernel = Kernel("bioheat_step");
        ClMemHandle a = _buffers.Get("bioheatA", bytes), b = _buffers.Get("bioheatB", bytes);
        ClMemHandle d = _buffers.Get("bioheatD", bytes), perf = _buffers.Get("bioheatP", bytes), src = _buffers.Get("bioheatS", bytes);
        ClMemHandle fixedMask = _buffers.Get("bioheatFixed", count), omega = _buffers.Get("bioheatOmega", bytes);
        OpenClRuntime.Write<float>(_queue, a, p.TemperatureC);
        OpenClRuntime.Write<float>(_queue, d, p.DiffusivityMm2PerS);
        OpenClRuntime.Write<float>(_queue, perf, p.PerfusionPerS);
        OpenClRuntime.Write<float>(_queue, src, p.SourceKPerS);
        OpenClRuntime.Write<byte>(_queue, fixedMask, p.Fixed);
        OpenClRuntime.Write<float>(_queue, omega, p.Damage);
        var g = p.Geometry;
        var s = g.SpacingMm;
        OpenClRuntime.SetArg(kernel, 2, d);
        OpenClRuntime.SetArg(kernel, 3, perf);
        OpenClRuntime.SetArg(kernel, 4, src);
        OpenClRuntime.SetArg(kernel, 5, fixedMask);
        OpenClRuntime.SetArg(kernel, 6, omega);
        OpenClRuntime.SetArg(kernel, 7, g.Dimensions.X);
        OpenClRuntime.SetArg(kernel, 8, g.Dimensions.Y);
        OpenClRuntime.SetArg(kernel, 9, g.Dimensions.Z);
        OpenClRuntime.SetArg(kernel, 10, (float)(1 / (s.X * s.X)));
        OpenClRuntime.SetArg(kernel, 11, (float)(1 / (s.Y * s.Y)));
        OpenClRuntime.SetArg(kernel, 12, (float)(1 / (s.Z * s.Z)));
        OpenClRuntime.SetArg(kernel, 13, p.TimeStepS);
        OpenClRuntime.SetArg(kernel, 14, p.ArterialC);
        OpenClRuntime.SetArg(kernel, 15, (float)p.LnFrequencyFactor);
        OpenClRuntime.SetArg(kernel, 16, (float)(p.ActivationEnergyJPerMol / BioheatProblem.GasConstant));
        OpenClRuntime.SetArg(kernel, 17, p.MaxTemperatureC);
        OpenClRuntime.SetArg(kernel, 18, p.PerfusionStopsWithDamage ? 1 : 0);
        ReadOnlySpan<long> range = [g.Dimensions.X, g.Dimensions.Y, g.Dimensions.Z];
        for (int step = 0; step < steps; step++)
        {
            (ClMemHandle from, ClMemHandle to) = step % 2 == 0 ? (a, b) : (b, a);
            OpenClRuntime.SetArg(kernel, 0, from);
            OpenClRuntime.SetArg(kernel, 1, to);
            OpenClRuntime.Enqueue(_queue, kernel, range);
        }
        OpenClRuntime.Read<float>(_queue, steps % 2 == 0 ? a : b, p.TemperatureC);
        OpenClRuntime.Read<float>(_queue, omega, p.Damage);
    }
}
