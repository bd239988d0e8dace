using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Volumetry;

/// <summary>Volumes of segments and virtual resection by a cut plane (remnant volume in mL and %), from voxel counts.</summary>
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
        SegmentInfo segment = map.Segments.Find(organ) ?? throw new PlanningException($"segment '{organ}' is not in the label map; the case has {string.Join(", ", map.Segments.Segments.Select(s => s.Name))}");
        Vec3 n = normal.Normalized();
        ImageGeometry g = map.Geometry;
        Int3 d = g.Dimensions;
        byte[] labels = map.Labels.Data;
        var perSlice = new (long Total, long Resected)[d.Z];
        Parallel.For(0, d.Z, k =>
        {
            long total = 0, resected = 0;
            for (int j = 0; j < d.Y; j++)
            {
                int row = (k * d.Y + j) * d.X;
                for (int i = 0; i < d.X; i++)
                {
                    if (labels[row + i] != segment.Value) continue;
                    total++;
                    if (Vec3.Dot(g.IndexToPatient(i, j, k) - pointMm, n) > 0) resected++;
                }
            }
            perSlice[k] = (total, resected);
        });
        long all = perSlice.Sum(s => s.Total), cut = perSlice.Sum(s => s.Resected);
        if (all == 0) throw new PlanningException($"segment '{organ}' has no voxels; check the segmentation");
        double voxelMl = g.VoxelVolumeMm3 / 1000;
        return new ResectionResult(segment.Name, pointMm, n, all * voxelMl, cut * voxelMl, (all - cut) * voxelMl, 100.0 * (all - cut) / all);
    }
}
