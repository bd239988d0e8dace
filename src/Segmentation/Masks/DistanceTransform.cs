using SurgicalNav.Compute;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>
/// Exact Euclidean distance transform in mm with anisotropic spacing (Felzenszwalb and Huttenlocher's
/// separable lower envelope of parabolas) on host volumes, computed by the CPU backend without copying.
/// For device-resident data use <see cref="IComputeBackend.DistanceTransform"/>.
/// </summary>
public static class DistanceTransform
{
    private static readonly CpuBackend Cpu = new();

    /// <summary>
    /// Distance in mm from every voxel centre to the nearest non-zero voxel centre of <paramref name="mask"/>
    /// (0 on the mask). An empty mask gives +infinity everywhere.
    /// </summary>
    public static Volume<float> Unsigned(Volume<byte> mask) => Compute(mask, signed: false);

    /// <summary>Signed distance in mm: negative inside the mask (distance to the nearest outside voxel), positive outside.</summary>
    public static Volume<float> Signed(Volume<byte> mask) => Compute(mask, signed: true);

    private static Volume<float> Compute(Volume<byte> mask, bool signed)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var result = Volume<float>.Uninitialized(mask.Geometry);
        using IDeviceVolume<byte> m = CpuBackend.Wrap(mask);
        using IDeviceVolume<float> d = CpuBackend.Wrap(result);
        Cpu.DistanceTransform(m, signed, d);
        return result;
    }
}
