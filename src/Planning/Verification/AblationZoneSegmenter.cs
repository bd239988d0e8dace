using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Planning.Verification;

/// <summary>
/// Segments the hypodense ablation zone of a post-op CT already resampled onto a pre-op grid: smooths lightly, measures
/// the zone at the seed and the liver around it, and grows from the seed through voxels nearer the zone's HU than the
/// liver's (within half the contrast on either side; the hyperdense rim, enhancing liver and darker residual tumour stop
/// it), opens the result to cut one-voxel bridges, then moves the boundary out by at most one voxel to halfway between
/// zone and rim, where a partial-volume voxel is half zone, and closes small gaps.
/// </summary>
internal static class AblationZoneSegmenter
{
    /// <summary>The zone mask on the image's grid (within the liver mask, its enclosed holes and 3 mm), the zone's and liver's median HU. Throws when there is no zone or it leaks.</summary>
    public static (Volume<byte> Zone, double ZoneHu, double LiverHu) Segment(Volume<short> image, Volume<byte> liverMask, Vec3 seedMm, VerificationOptions options)
    {
        ImageGeometry g = image.Geometry;
        Volume<short> smooth = Smooth(image);
        Int3 seed = g.NearestVoxel(seedMm) ?? throw new PlanningException($"the planned zone centre {seedMm} mm is outside the examined box; check the plan");
        double zoneHu = Median(smooth, (i, j, k) => (g.IndexToPatient(i, j, k) - seedMm).Length <= 3);
        double liverHu = Median(smooth, (i, j, k) => liverMask[i, j, k] != 0);
        if (double.IsNaN(liverHu)) throw new PlanningException("the box around the tumour holds no liver in the pre-op labels, so the zone has no reference; check the segmentation");
        if (liverHu - zoneHu < options.MinZoneContrastHu)
        {
            throw new PlanningException(
                $"no hypodense ablation zone at the planned zone centre {seedMm} mm: it measures {zoneHu:0} HU against liver {liverHu:0} HU " +
                $"(need at least {options.MinZoneContrastHu:0} HU darker). Is the post-op series the CT after this ablation, and is the plan's needle the one treated?");
        }
        double low = zoneHu - (liverHu - zoneHu) / 2, high = (zoneHu + liverHu) / 2;
        // The zone is looked for in the liver: its pre-op mask with the tumours and vessels it encloses, plus 3 mm.
        Volume<byte> organ = MaskOps.Dilate(Filled(liverMask), 3);
        var grown = new Volume<byte>(g);
        long voxels = RegionGrowing.Grow(smooth, [seed], low, high, grown, organ);
        if (voxels == 0) throw new PlanningException($"the voxel at the planned zone centre {seedMm} mm is not zone-like ({smooth[seed.X, seed.Y, seed.Z]} HU outside {low:0}..{high:0}); check the plan");
        if (TouchesBorder(grown))
        {
            throw new PlanningException(
                $"the ablation zone could not be delimited: growing from {seedMm} mm through {low:0}..{high:0} HU reached {options.BoxMarginMm:0} mm beyond the tumour and planned zone. " +
                "The zone has no closed rim or the series is not a post-ablation CT; segment it by hand");
        }
        double spacing = Math.Max(g.SpacingMm.X, Math.Max(g.SpacingMm.Y, g.SpacingMm.Z));
        // Partial-volume voxels along a tumour's or vessel's edge can fall in the band and form one-voxel bridges
        // through a rim that the grid barely resolves; opening cuts them, and only the part holding the seed stays.
        Volume<byte> opened = MaskOps.Open(grown, 1.01 * spacing);
        var core = new Volume<byte>(g);
        if (RegionGrowing.Grow(smooth, [seed], low, high, core, opened) == 0) core = grown;
        for (int pass = 0; pass < 2; pass++) ExtendToRimMidpoint(image, core, organ, zoneHu, liverHu, spacing);
        Volume<byte> zone = MaskOps.Close(core, 1.5 * spacing);
        return (zone, zoneHu, liverHu);
    }

    /// <summary>
    /// Adds the voxels of a one-voxel shell around the core (inside the organ mask) whose unsmoothed value is darker than
    /// halfway between the zone and the rim (the 90th percentile within 4 mm outside the core; the liver when there is
    /// no rim): those voxels are more than half zone.
    /// </summary>
    private static void ExtendToRimMidpoint(Volume<short> image, Volume<byte> core, Volume<byte> organ, double zoneHu, double liverHu, double spacingMm)
    {
        Volume<byte> near = MaskOps.Dilate(core, 4);
        Volume<byte> shell = MaskOps.Dilate(core, spacingMm * 1.01);
        MaskOps.And(shell, organ);
        var outside = new List<short>();
        for (int n = 0; n < core.Data.Length; n++) if (near.Data[n] != 0 && core.Data[n] == 0) outside.Add(image.Data[n]);
        if (outside.Count == 0) return;
        outside.Sort();
        double rimHu = Math.Max(liverHu, outside[(int)(0.9 * (outside.Count - 1))]);
        double cut = (zoneHu + rimHu) / 2;
        for (int n = 0; n < core.Data.Length; n++)
        {
            if (shell.Data[n] != 0 && core.Data[n] == 0 && image.Data[n] < cut) core.Data[n] = 1;
        }
    }

    private static Volume<byte> Filled(Volume<byte> mask)
    {
        var copy = new Volume<byte>(mask.Geometry, (byte[])mask.Data.Clone());
        ConnectedComponents.FillHoles(copy);
        return copy;
    }

    private static bool TouchesBorder(Volume<byte> mask)
    {
        Int3 d = mask.Dimensions;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        for (int i = 0; i < d.X; i++)
        {
            bool border = i == 0 || j == 0 || k == 0 || i == d.X - 1 || j == d.Y - 1 || k == d.Z - 1;
            if (border && mask[i, j, k] != 0) return true;
        }
        return false;
    }

    private static double Median(Volume<short> v, Func<int, int, int, bool> where)
    {
        var values = new List<short>();
        Int3 d = v.Dimensions;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        for (int i = 0; i < d.X; i++) if (where(i, j, k)) values.Add(v[i, j, k]);
        if (values.Count == 0) return double.NaN;
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>Separable binomial (1 2 1)/4 along x, y and z; edges repeat the border voxel.</summary>
    private static Volume<short> Smooth(Volume<short> v)
    {
        Int3 d = v.Dimensions;
        var a = new float[v.Data.Length];
        for (int n = 0; n < a.Length; n++) a[n] = v.Data[n];
        var b = new float[a.Length];
        int[] strides = [1, d.X, d.X * d.Y];
        int[] sizes = [d.X, d.Y, d.Z];
        for (int axis = 0; axis < 3; axis++)
        {
            int s = strides[axis], size = sizes[axis];
            for (int n = 0; n < a.Length; n++)
            {
                int pos = n / s % size;
                float left = pos > 0 ? a[n - s] : a[n], right = pos < size - 1 ? a[n + s] : a[n];
                b[n] = 0.25f * left + 0.5f * a[n] + 0.25f * right;
            }
            (a, b) = (b, a);
        }
        var result = Volume<short>.Uninitialized(v.Geometry);
        for (int n = 0; n < a.Length; n++) result.Data[n] = (short)MathF.Round(a[n]);
        return result;
    }
}
