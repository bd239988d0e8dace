using SurgicalNav.Compute;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>Voxel-wise operations on binary masks (non-zero = set); radii in mm respect anisotropic spacing.</summary>
public static class MaskOps
{
    /// <summary>target &amp;= other (voxels not set in other are cleared).</summary>
    public static void And(Volume<byte> target, Volume<byte> other) => Combine<AndOp>(target, other);

    /// <summary>target &amp;= !other (voxels set in other are cleared).</summary>
    public static void AndNot(Volume<byte> target, Volume<byte> other) => Combine<AndNotOp>(target, other);

    /// <summary>Number of set voxels.</summary>
    public static long Count(Volume<byte> mask)
    {
        long n = 0;
        foreach (byte b in mask.Voxels) if (b != 0) n++;
        return n;
    }

    /// <summary>A new mask of voxels whose centres lie within radiusMm of a set voxel centre (spherical dilation).</summary>
    public static Volume<byte> Dilate(Volume<byte> mask, double radiusMm) => Morph(mask, MorphologyOperation.Dilate, radiusMm);

    /// <summary>Spherical dilation by radiusMm written into <paramref name="destination"/> (same grid; it may be <paramref name="mask"/> itself).</summary>
    public static void Dilate(Volume<byte> mask, double radiusMm, Volume<byte> destination) => Morph(mask, MorphologyOperation.Dilate, radiusMm, destination);

    /// <summary>A new mask of the set voxels with no clear voxel centre within radiusMm (spherical erosion; past the grid edge counts as neither).</summary>
    public static Volume<byte> Erode(Volume<byte> mask, double radiusMm) => Morph(mask, MorphologyOperation.Erode, radiusMm);

    /// <summary>Erosion then dilation by a sphere of radiusMm: removes parts thinner than the sphere.</summary>
    public static Volume<byte> Open(Volume<byte> mask, double radiusMm) => Morph(mask, MorphologyOperation.Open, radiusMm);

    /// <summary>Dilation then erosion by a sphere of radiusMm: closes gaps narrower than the sphere.</summary>
    public static Volume<byte> Close(Volume<byte> mask, double radiusMm) => Morph(mask, MorphologyOperation.Close, radiusMm);

    private static Volume<byte> Morph(Volume<byte> mask, MorphologyOperation operation, double radiusMm)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var result = Volume<byte>.Uninitialized(mask.Geometry);
        Morph(mask, operation, radiusMm, result);
        return result;
    }

    private static void Morph(Volume<byte> mask, MorphologyOperation operation, double radiusMm, Volume<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(destination);
        using IDeviceVolume<byte> m = CpuBackend.Wrap(mask);
        using IDeviceVolume<byte> r = CpuBackend.Wrap(destination);
        Cpu.Morphology(m, operation, radiusMm, r);
    }

    private static readonly CpuBackend Cpu = new();

    private interface IByteOp
    {
        static abstract byte Apply(byte a, byte b);
    }

    private readonly struct AndOp : IByteOp
    {
        public static byte Apply(byte a, byte b) => (byte)(a != 0 && b != 0 ? 1 : 0);
    }

    private readonly struct AndNotOp : IByteOp
    {
        public static byte Apply(byte a, byte b) => (byte)(a != 0 && b == 0 ? 1 : 0);
    }

    // A generic struct strategy keeps the per-voxel operation inlined (no delegate call per voxel).
    private static void Combine<TOp>(Volume<byte> target, Volume<byte> other) where TOp : struct, IByteOp
    {
        if (!target.Geometry.SameGrid(other.Geometry)) throw new ArgumentException("masks are on different grids");
        byte[] t = target.Data, o = other.Data;
        Parallel.For(0, target.Dimensions.Z, k =>
        {
            int slice = target.Dimensions.X * target.Dimensions.Y;
            for (int n = k * slice; n < (k + 1) * slice; n++) t[n] = TOp.Apply(t[n], o[n]);
        });
    }
}
