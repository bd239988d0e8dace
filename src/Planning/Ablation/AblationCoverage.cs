using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Planning.Ablation;

/// <summary>
/// Tumour coverage by ablation zones on the label map's grid: each voxel whose centre lies in a zone is ablated; the
/// margin comes from the exact signed distance to the ablated region. Work happens in a box around tumour and zones.
/// </summary>
public static partial class AblationCoverage
{
    /// <summary>Coverage of the tumour mask (non-zero voxels, same grid as the map) by the union of the zones; margin in mm is the plan's requirement.</summary>
    public static CoverageReport Evaluate(LabelMap map, Volume<byte> tumorMask, IReadOnlyList<AblationZone> zones, double requiredMarginMm = Plan.DefaultMarginMm)
    {
        if (zones.Count == 0) throw new PlanningException("no ablation zone to evaluate; place a needle with device settings first");
        Crop crop = Crop.Around(tumorMask, zones, requiredMarginMm);
        Volume<byte> ablated = Rasterise(crop.Geometry, zones);
        return Measure(map, tumorMask, crop, ablated, requiredMarginMm);
    }

    /// <summary>Coverage given an ablated mask on the crop's grid (shared with the thermal model and post-ablation checks).</summary>
    internal static CoverageReport Measure(LabelMap map, Volume<byte> tumorMask, Crop crop, Volume<byte> ablated, double requiredMarginMm)
    {
        Volume<float> signed = DistanceTransform.Signed(ablated);
        Vec3 s = map.Geometry.SpacingMm;
        double half = (s.X + s.Y + s.Z) / 6, voxelMl = map.Geometry.VoxelVolumeMm3 / 1000;
        long tumor = 0, covered = 0, healthy = 0, total = 0;
        double margin = double.PositiveInfinity;
        Int3 n = crop.Geometry.Dimensions;
        for (int k = 0; k < n.Z; k++)
        for (int j = 0; j < n.Y; j++)
        for (int i = 0; i < n.X; i++)
        {
            int gi = i + crop.Lo.X, gj = j + crop.Lo.Y, gk = k + crop.Lo.Z;
            bool isTumor = tumorMask[gi, gj, gk] != 0, isAblated = ablated[i, j, k] != 0;
            if (isAblated)
            {
                total++;
                if (!isTumor && map.Labels[gi, gj, gk] != 0) healthy++;
            }
            if (!isTumor) continue;
            tumor++;
            if (isAblated) covered++;
            margin = Math.Min(margin, -signed[i, j, k] - half);
        }
        if (tumor == 0) throw new PlanningException("the tumour mask is empty; pick a target segment with voxels");
        return new CoverageReport(100.0 * covered / tumor, margin, healthy * voxelMl, total * voxelMl, requiredMarginMm);
    }

    /// <summary>1 where a voxel centre lies inside any zone.</summary>
    internal static Volume<byte> Rasterise(ImageGeometry g, IReadOnlyList<AblationZone> zones)
    {
        var mask = new Volume<byte>(g);
        Int3 n = g.Dimensions;
        Parallel.For(0, n.Z, k =>
        {
            for (int j = 0; j < n.Y; j++)
            for (int i = 0; i < n.X; i++)
            {
                Vec3 p = g.IndexToPatient(i, j, k);
                foreach (AblationZone z in zones)
                {
                    if (!z.Contains(p)) continue;
                    mask[i, j, k] = 1;
                    break;
                }
            }
        });
        return mask;
    }
}
