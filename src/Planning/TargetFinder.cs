using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Planning;

/// <summary>Finds ablation targets: one per connected part of a segment, at its centroid.</summary>
public static class TargetFinder
{
    /// <summary>Targets for each 6-connected part of the named segment, largest first; empty when the segment has no voxels.</summary>
    public static IReadOnlyList<PlanTarget> FromSegment(LabelMap map, string segmentName)
    {
        SegmentInfo segment = map.Segments.Find(segmentName)
            ?? throw new PlanningException($"the label map has no segment '{segmentName}'; segments are {string.Join(", ", map.Segments.Segments.Select(s => s.Name))}");
        ImageGeometry g = map.Geometry;
        ComponentLabeling parts = ConnectedComponents.Label(map.MaskOf(segment.Value));
        var partMask = new Volume<byte>(g);
        // Centroids come from painting each part once; parts are few (lesions), so this stays cheap.
        var order = Enumerable.Range(0, parts.Count).OrderByDescending(c => parts.Sizes[c]).ToList();
        var targets = new List<PlanTarget>();
        foreach (int c in order)
        {
            double minMl = 0.05;
            double ml = parts.Sizes[c] * g.VoxelVolumeMm3 / 1000;
            if (ml < minMl) continue;
            Array.Clear(partMask.Data);
            parts.Paint(partMask, x => x == c, 1);
            double sx = 0, sy = 0, sz = 0;
            long count = 0;
            Int3 d = g.Dimensions;
            byte[] p = partMask.Data;
            for (int k = 0; k < d.Z; k++)
            for (int j = 0; j < d.Y; j++)
            {
                int row = (k * d.Y + j) * d.X;
                for (int i = 0; i < d.X; i++)
                {
                    if (p[row + i] == 0) continue;
                    sx += i; sy += j; sz += k; count++;
                }
            }
            Vec3 center = g.IndexToPatient(sx / count, sy / count, sz / count);
            double radius = Math.Cbrt(3 * ml * 1000 / (4 * Math.PI));
            targets.Add(new PlanTarget($"{segment.Name} {targets.Count + 1}", center, Math.Round(radius, 2), Math.Round(ml, 3)));
        }
        return targets;
    }
}
