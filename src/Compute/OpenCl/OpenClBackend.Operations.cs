using SurgicalNav.Compute.Native;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.OpenCl;

// The operations: upload, launch, download. Each falls back to the CPU backend when the device cannot do it.
public sealed partial class OpenClBackend
{
    /// <inheritdoc />
    public void Threshold(Volume<short> source, short lowInclusive, short highInclusive, Volume<byte> destination)
    {
        VolumeChecks.SameDimensions(source, destination);
        VolumeChecks.Range(lowInclusive, highInclusive);
        if (source.Data.Length == 0) return;
        lock (_gate)
        {
            if (TryOnDevice(nameof(Threshold), () => ThresholdOnDevice(source, lowInclusive, highInclusive, destination))) return;
            Fallback.Threshold(source, lowInclusive, highInclusive, destination);
        }
    }

    /// <inheritdoc />
    public void GaussianSmooth(Volume<short> source, double sigmaMm, Volume<short> destination)
    {
        VolumeChecks.SameDimensions(source, destination);
        VolumeChecks.Sigma(sigmaMm);
        if (source.Data.Length == 0) return;
        lock (_gate)
        {
            if (TryOnDevice(nameof(GaussianSmooth), () => GaussianOnDevice(source, sigmaMm, destination))) return;
            Fallback.GaussianSmooth(source, sigmaMm, destination);
        }
    }

    private void ThresholdOnDevice(Volume<short> source, short low, short high, Volume<byte> destination)
    {
        int count = source.Data.Length;
        ClKernelHandle kernel = Kernel("threshold_s16");
        ClMemHandle src = _buffers.Get("short", (long)count * sizeof(short));
        ClMemHandle dst = _buffers.Get("byte", count);
        OpenClRuntime.Write<short>(_queue, src, source.Data);
        OpenClRuntime.SetArg(kernel, 0, src);
        OpenClRuntime.SetArg(kernel, 1, dst);
        OpenClRuntime.SetArg(kernel, 2, low);
        OpenClRuntime.SetArg(kernel, 3, high);
        OpenClRuntime.SetArg(kernel, 4, (uint)count);
        OpenClRuntime.Enqueue(_queue, kernel, [count]);
        OpenClRuntime.Read<byte>(_queue, dst, destination.Data);
    }

    private void GaussianOnDevice(Volume<short> source, double sigmaMm, Volume<short> destination)
    {
        Int3 dims = source.Dimensions;
        long count = source.Data.Length;
        Vec3 spacing = source.Geometry.SpacingMm;
        ReadOnlySpan<long> range = [dims.X, dims.Y, dims.Z];

        ClKernelHandle first = Kernel("gauss_s16_f32");
        ClKernelHandle middle = Kernel("gauss_f32_f32");
        ClKernelHandle last = Kernel("gauss_f32_s16");
        ClMemHandle shorts = _buffers.Get("short", count * sizeof(short));
        ClMemHandle planeA = _buffers.Get("floatA", count * sizeof(float));
        ClMemHandle planeB = _buffers.Get("floatB", count * sizeof(float));
        OpenClRuntime.Write<short>(_queue, shorts, source.Data);

        // x: shorts -> A, y: A -> B, z: B -> shorts (the source is no longer needed on the device by then).
        Pass(first, shorts, planeA, GaussianKernel.Weights(sigmaMm, spacing.X), axis: 0, range);
        Pass(middle, planeA, planeB, GaussianKernel.Weights(sigmaMm, spacing.Y), axis: 1, range);
        Pass(last, planeB, shorts, GaussianKernel.Weights(sigmaMm, spacing.Z), axis: 2, range);
        OpenClRuntime.Read<short>(_queue, shorts, destination.Data);
    }

    private void Pass(ClKernelHandle kernel, ClMemHandle input, ClMemHandle output, float[] weights, int axis, ReadOnlySpan<long> range)
    {
        ClMemHandle weightBuffer = _buffers.Get("weights" + axis, weights.Length * sizeof(float));
        OpenClRuntime.Write<float>(_queue, weightBuffer, weights);
        OpenClRuntime.SetArg(kernel, 0, input);
        OpenClRuntime.SetArg(kernel, 1, output);
        OpenClRuntime.SetArg(kernel, 2, weightBuffer);
        OpenClRuntime.SetArg(kernel, 3, weights.Length / 2);
        OpenClRuntime.SetArg(kernel, 4, axis);
        OpenClRuntime.Enqueue(_queue, kernel, range);
    }
}
