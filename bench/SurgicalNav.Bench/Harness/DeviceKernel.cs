using SurgicalNav.Compute;
using SurgicalNav.Imaging;

namespace SurgicalNav.Bench.Harness;

/// <summary>
/// Runs one volume kernel on the bench's compute backend for the rows that have an OpenCL path. On the CPU backend the
/// row's own call runs (the library entry point a user calls, which works on the volume in place); on OpenCL the input
/// is uploaded, the kernel runs and the result is downloaded, all inside the timed region, as a user's call would.
/// </summary>
internal static class DeviceKernel
{
    /// <summary>True when the rows should go through the device path: an OpenCL backend.</summary>
    public static bool OnDevice(BenchContext c) => c.Backend.Name != "cpu";

    /// <summary>Uploads <paramref name="input"/>, runs <paramref name="kernel"/> into a new device volume and downloads it.</summary>
    public static Volume<TOut> Run<TIn, TOut>(IComputeBackend backend, Volume<TIn> input, Action<IDeviceVolume<TIn>, IDeviceVolume<TOut>> kernel)
        where TIn : unmanaged where TOut : unmanaged
    {
        using IDeviceVolume<TIn> source = backend.Upload(input);
        using IDeviceVolume<TOut> destination = backend.Allocate<TOut>(input.Geometry);
        kernel(source, destination);
        var result = Volume<TOut>.Uninitialized(input.Geometry);
        destination.Download(result);
        return result;
    }
}
