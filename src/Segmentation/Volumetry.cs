using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation;

/// <summary>Volume per segment of a label map, in voxels and mL.</summary>
public static class Volumetry
{
    /// <summary>One row per segment of the label's table: voxel count and volume in mL (voxel volume from the label grid's spacing).</summary>
    public static IReadOnlyList<SegmentVolume> PerSegment(LabelMap labels)
    {
        long[] histogram = labels.Histogram();
        double voxelMl = labels.Geometry.VoxelVolumeMm3 / 1000;
        return labels.Segments.Segments.Select(s => new SegmentVolume(s.Name, s.Value, histogram[s.Value], Math.Round(histogram[s.Value] * voxelMl, 2))).ToList();
    }

    /// <summary>
    /// Throws a <see cref="SegmentationException"/> naming both grids when a label map is not on its volume's grid
    /// (dimensions, spacing, origin or direction differ by more than 1e-3 mm).
    /// </summary>
    public static void RequireSameGrid(ImageGeometry labels, ImageGeometry volume, string labelsName, string volumeName)
    {
        if (labels.SameGrid(volume)) return;
        throw new SegmentationException(
            $"label map '{labelsName}' ({Describe(labels)}) is not on the grid of volume '{volumeName}' ({Describe(volume)}); " +
            "use the label map segmented from this volume, or resample it onto the volume first");
    }

    private static string Describe(ImageGeometry g) =>
        $"{g.Dimensions.X}x{g.Dimensions.Y}x{g.Dimensions.Z} voxels of {g.SpacingMm.X:0.###}x{g.SpacingMm.Y:0.###}x{g.SpacingMm.Z:0.###} mm at origin {g.OriginMm}";
}
