using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Planning.Ablation;

public static partial class AblationCoverage
{
    /// <summary>
    /// Overlapping zones of the template's size and axis (parallel needles) that together cover the tumour plus
    /// <paramref name="marginMm"/>: a greedy set cover that puts each next zone, centred inside the tumour, where it
    /// covers most of what is still uncovered; stops at 99% or <paramref name="maxZones"/>. One zone when one suffices.
    /// </summary>
    public static IReadOnlyList<AblationZone> SuggestOverlapping(Volume<byte> tumorMask, AblationZone template, double marginMm, int maxZones = 8)
    {
        Crop crop = Crop.Around(tumorMask, [], marginMm + Math.Max(template.LengthMm, template.DiameterMm) / 2);
        ImageGeometry g = crop.Geometry;
        Int3 n = g.Dimensions;
        var tumor = new Volume<byte>(g);
        for (int k = 0; k < n.Z; k++) for (int j = 0; j < n.Y; j++) for (int i = 0; i < n.X; i++)
            tumor[i, j, k] = tumorMask[i + crop.Lo.X, j + crop.Lo.Y, k + crop.Lo.Z];
        Volume<float> distance = DistanceTransform.Unsigned(tumor);
        // Sample what must be covered at ~2 mm and try centres at ~4 mm inside the tumour.
        int Stride(double mm, int axis) => Math.Max(1, (int)Math.Round(mm / g.SpacingMm[axis]));
        var points = new List<Vec3>();
        var centres = new List<Vec3>();
        for (int k = 0; k < n.Z; k++) for (int j = 0; j < n.Y; j++) for (int i = 0; i < n.X; i++)
        {
            if (i % Stride(2, 0) == 0 && j % Stride(2, 1) == 0 && k % Stride(2, 2) == 0 && distance[i, j, k] <= marginMm) points.Add(g.IndexToPatient(i, j, k));
            if (i % Stride(4, 0) == 0 && j % Stride(4, 1) == 0 && k % Stride(4, 2) == 0 && tumor[i, j, k] != 0) centres.Add(g.IndexToPatient(i, j, k));
        }
        if (points.Count == 0 || centres.Count == 0) throw new PlanningException("the tumour mask is empty; pick a target segment with voxels");
        var covered = new bool[points.Count];
        int coveredCount = 0;
        var zones = new List<AblationZone>();
        while (zones.Count < maxZones && coveredCount < 0.99 * points.Count)
        {
            var gains = new int[centres.Count];
            Parallel.For(0, centres.Count, c =>
            {
                AblationZone z = template.At(centres[c]);
                int gain = 0;
                for (int p = 0; p < points.Count; p++) if (!covered[p] && z.Contains(points[p])) gain++;
                gains[c] = gain;
            });
            int best = Array.IndexOf(gains, gains.Max());
            if (gains[best] == 0) break;
            AblationZone chosen = template.At(centres[best]);
            zones.Add(chosen);
            for (int p = 0; p < points.Count; p++)
            {
                if (covered[p] || !chosen.Contains(points[p])) continue;
                covered[p] = true;
                coveredCount++;
            }
        }
        return zones;
    }
}
