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

    /// <summary>The step value of <see cref="ToValueSteps"/> where the box holds no voxel of the value.</summary>
    public const ushort NoValueInBox = CpuBackend.NoFeature;

    /// <summary>
    /// Distance from each voxel centre of <paramref name="box"/> to the nearest voxel of <paramref name="labels"/> in the
    /// box that holds <paramref name="value"/>, in steps of 1 / <paramref name="stepsPerMm"/> mm (within one step of the
    /// exact EDT; <see cref="NoValueInBox"/> where the box holds none), into <paramref name="destination"/> (the
    /// box's voxels, x fastest). No mask and no float map are made: one label's map costs 2 bytes a voxel.
    /// </summary>
    public static void ToValueSteps(Volume<byte> labels, byte value, VoxelBox box, float stepsPerMm, ushort[] destination) =>
        CpuBackend.DistanceToValueSteps(labels, value, box, stepsPerMm, destination);

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
