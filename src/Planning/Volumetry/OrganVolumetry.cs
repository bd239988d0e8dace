using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Volumetry;

/// <summary>Volumes of segments and virtual resection by a cut plane or a curved surface (remnant volume in mL and %), from voxel counts.</summary>
public static class OrganVolumetry
{
    /// <summary>Volume in mL of every segment of the table that has voxels, in table order.</summary>
    public static IReadOnlyDictionary<string, double> Volumes(LabelMap map)
    {
        long[] histogram = map.Histogram();
        double voxelMl = map.Geometry.VoxelVolumeMm3 / 1000;
        return map.Segments.Segments.Where(s => histogram[s.Value] > 0).ToDictionary(s => s.Name, s => histogram[s.Value] * voxelMl);
    }

    /// <summary>
    /// Cuts <paramref name="organ"/> with the plane through <paramref name="pointMm"/> with normal
    /// <paramref name="normal"/> (patient LPS; voxel centres on the side the normal points to are resected). Throws
    /// <see cref="PlanningException"/> for a missing or empty organ or a zero normal.
    /// </summary>
    public static ResectionResult CutPlane(LabelMap map, string organ, Vec3 pointMm, Vec3 normal)
    {
        if (normal.Length < 1e-9) throw new PlanningException("the cut plane's normal is zero; give a direction such as 1,0,0");
        Vec3 n = normal.Normalized();
        (SegmentInfo segment, double all, double cut) = Cut(map, organ, p => Vec3.Dot(p - pointMm, n) > 0);
        return new ResectionResult(segment.Name, pointMm, n, all, cut, all - cut, 100.0 * (all - cut) / all);
    }

    /// <summary>
    /// Cuts <paramref name="organ"/> with a curved surface through control points (voxel centres on the side the
    /// surface's direction points to are resected). Throws <see cref="PlanningException"/> for a missing or empty organ.
    /// </summary>
    public static ResectionResult CutSurface(LabelMap map, string organ, ResectionSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ImageGeometry g = map.Geometry;
        Int3 d = g.Dimensions;
        var corners = Enumerable.Range(0, 8).Select(c => g.IndexToPatient((c & 1) * (d.X - 1), ((c >> 1) & 1) * (d.Y - 1), ((c >> 2) & 1) * (d.Z - 1)));
        Func<Vec3, double> height = surface.Tabulated(corners, Math.Min(1.0, Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z))));
        (SegmentInfo segment, double all, double cut) = Cut(map, organ, p => height(p) > 0);
        IReadOnlyList<Vec3> points = surface.ControlPointsMm;
        var centre = new Vec3(points.Average(p => p.X), points.Average(p => p.Y), points.Average(p => p.Z));
        return new ResectionResult(segment.Name, centre, surface.Direction, all, cut, all - cut, 100.0 * (all - cut) / all, points.Count);
    }

    /// <summary>The organ's segment, its volume and the volume of its voxels whose centre is resected, in mL.</summary>
    private static (SegmentInfo Segment, double AllMl, double ResectedMl) Cut(LabelMap map, string organ, Func<Vec3, bool> resected)
    {
        SegmentInfo segment = map.Segments.Find(organ) ?? throw new PlanningException($"segment '{organ}' is not in the label map; the case has {string.Join(", ", map.Segments.Segments.Select(s => s.Name))}");
        ImageGeometry g = map.Geometry;
        Int3 d = g.Dimensions;
        byte[] labels = map.Labels.Data;
        var perSlice = new (long Total, long Resected)[d.Z];
        Parallel.For(0, d.Z, k =>
        {
            long total = 0, cut = 0;
            for (int j = 0; j < d.Y; j++)
            {
                int row = (k * d.Y + j) * d.X;
                for (int i = 0; i < d.X; i++)
                {
                    if (labels[row + i] != segment.Value) continue;
                    total++;
                    if (resected(g.IndexToPatient(i, j, k))) cut++;
                }
            }
            perSlice[k] = (total, cut);
        });
        long all = perSlice.Sum(s => s.Total), gone = perSlice.Sum(s => s.Resected);
        if (all == 0) throw new PlanningException($"segment '{organ}' has no voxels; check the segmentation");
        double voxelMl = g.VoxelVolumeMm3 / 1000;
        return (segment, all * voxelMl, gone * voxelMl);
    }
}
