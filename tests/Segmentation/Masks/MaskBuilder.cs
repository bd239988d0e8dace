using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Tests.Masks;

/// <summary>Small hand-made masks for the mask tests.</summary>
internal static class MaskBuilder
{
    public static Volume<byte> Empty(int nx, int ny, int nz, Vec3? spacingMm = null) =>
        new(ImageGeometry.Axial(new Int3(nx, ny, nz), spacingMm ?? new Vec3(1, 1, 1), Vec3.Zero), new byte[nx * ny * nz]);

    /// <summary>Sets the voxels of the inclusive index box [lo, hi] to value.</summary>
    public static void Box(Volume<byte> mask, Int3 lo, Int3 hi, byte value = 1)
    {
        for (int k = lo.Z; k <= hi.Z; k++)
        for (int j = lo.Y; j <= hi.Y; j++)
        for (int i = lo.X; i <= hi.X; i++)
            mask[i, j, k] = value;
    }

    public static long Count(Volume<byte> mask) => mask.Data.Count(b => b != 0);
}
