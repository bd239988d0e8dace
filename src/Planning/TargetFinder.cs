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
        // Lesions are small: label components in the segment's bounding box, not in the whole image.
        if (SegmentBox(map, segment.Value) is not (Int3 lo, Int3 size)) return [];
        var box = new Volume<byte>(new ImageGeometry(size, g.SpacingMm, g.IndexToPatient(lo.X, lo.Y, lo.Z), g.Direction));
        byte[] labels = map.Labels.Data, b = box.Data;
        Parallel.For(0, size.Z, k =>
        {
            for (int j = 0; j < size.Y; j++)
            {
                long src = g.Linear(lo.X, lo.Y + j, lo.Z + k);
                int dst = (k * size.Y + j) * size.X;
                for (int i = 0; i < size.X; i++) b[dst + i] = labels[src + i] == segment.Value ? (byte)1 : (byte)0;
            }
        });
        ComponentLabeling parts = ConnectedComponents.Label(box);
        var partMask = new Volume<byte>(box.Geometry);
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
            Int3 d = size;
            byte[] p = partMask.Data;
            for (int k = 0; k < d.Z; k++)
            for (int j = 0; j < d.Y; j++)
            {
                int row = (k * d.Y + j) * d.X;
                for (int i = 0; i < d.X; i++)
                {
                    if (p[row + i] == 0) continue;
                    sx += i + lo.X; sy += j + lo.Y; sz += k + lo.Z; count++;
                }
            }
            Vec3 center = g.IndexToPatient(sx / count, sy / count, sz / count);
            double radius = Math.Cbrt(3 * ml * 1000 / (4 * Math.PI));
            targets.Add(new PlanTarget($"{segment.Name} {targets.Count + 1}", center, Math.Round(radius, 2), Math.Round(ml, 3)));
        }
        return targets;
    }

    /// <summary>Lowest index and size of the box holding every voxel of the value, or null when there is none.</summary>
    private static (Int3 Lo, Int3 Size)? SegmentBox(LabelMap map, byte value)
    {
        Int3 d = map.Geometry.Dimensions;
        byte[] labels = map.Labels.Data;
        var perSlice = new (int I0, int I1, int J0, int J1)[d.Z];
        Parallel.For(0, d.Z, k =>
        {
            int i0 = int.MaxValue, i1 = -1, j0 = int.MaxValue, j1 = -1;
            for (int j = 0; j < d.Y; j++)
            {
                ReadOnlySpan<byte> row = labels.AsSpan((k * d.Y + j) * d.X, d.X);
                int first = row.IndexOf(value);
                if (first < 0) continue;
                i0 = Math.Min(i0, first); i1 = Math.Max(i1, row.LastIndexOf(value)); j0 = Math.Min(j0, j); j1 = j;
            }
            perSlice[k] = (i0, i1, j0, j1);
        });
        int x0 = int.MaxValue, x1 = -1, y0 = int.MaxValue, y1 = -1, z0 = int.MaxValue, z1 = -1;
        for (int k = 0; k < d.Z; k++)
        {
            (int i0, int i1, int j0, int j1) = perSlice[k];
            if (i1 < 0) continue;
            x0 = Math.Min(x0, i0); x1 = Math.Max(x1, i1); y0 = Math.Min(y0, j0); y1 = Math.Max(y1, j1); z0 = Math.Min(z0, k); z1 = k;
        }
        return z1 < 0 ? null : (new Int3(x0, y0, z0), new Int3(x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1));
    }
}
