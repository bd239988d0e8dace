using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Presets;

public static partial class AbdomenCtPreset
{
    /// <summary>Air and aerated lung are below this on the smoothed image (lung parenchyma -900..-600 HU, fat -100).</summary>
    private const short LungMaxHu = -400;

    /// <summary>Smallest lung (base) the preset reports, in mL: bowel gas pockets are mostly smaller.</summary>
    private const double LungMinMl = 50;

    /// <summary>
    /// Lungs where the field of view holds them: air enclosed by the body in every slice (6-connected air components
    /// that reach no side of the grid; lung bases cut by the top or bottom of the scan still count), of at least
    /// <see cref="LungMinMl"/>, whose centre lies in the cranial half of the scan (lungs sit above the diaphragm; bowel
    /// gas below it). At most the two largest such components (left and right lung, or one when they touch). Returns
    /// null when there is none.
    /// </summary>
    /// <remarks><paramref name="smooth"/> may be a box of the scan; "cranial half" is of the whole scan, <paramref name="scan"/>.</remarks>
    private static Volume<byte>? FindLungs(Volume<short> smooth, ImageGeometry scan, IComputeBackend backend, MaskPool pool)
    {
        ImageGeometry g = smooth.Geometry;
        Volume<byte> air = pool.Rent();
        backend.Threshold(smooth, short.MinValue, LungMaxHu, air);
        ComponentLabeling components = ConnectedComponents.Label(air);
        (int MinK, int MaxK, double MeanK)[] extents = components.SliceExtents();
        bool[] outside = components.TouchesSides();
        long minVoxels = VoxelsForMl(g, LungMinMl);
        double zFirst = scan.IndexToPatient(0, 0, 0).Z, zLast = scan.IndexToPatient(0, 0, Math.Max(scan.Dimensions.Z - 1, 0)).Z;
        double zMid = (zFirst + zLast) / 2;
        bool CranialHalf(int c)
        {
            double z = g.IndexToPatient(0, 0, extents[c].MeanK).Z;
            return zLast >= zFirst ? z > zMid : z < zMid;
        }
        int[] lungs = [.. Enumerable.Range(0, components.Count)
            .Where(c => !outside[c] && components.Sizes[c] >= minVoxels && CranialHalf(c))
            .OrderByDescending(c => components.Sizes[c]).Take(2)];
        if (lungs.Length == 0)
        {
            pool.Return(air);
            return null;
        }
        Array.Clear(air.Data);
        components.Paint(air, c => lungs.Contains(c), 1);
        return air;
    }
}
