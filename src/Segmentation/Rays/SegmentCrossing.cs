namespace SurgicalNav.Segmentation.Rays;

/// <summary>
/// One stretch of a ray inside a segment: the segment's name and where the ray enters and leaves it, as distances
/// in mm along the ray from its origin (patient LPS mm, voxel faces of the label map).
/// </summary>
public sealed record SegmentCrossing(string Segment, double EnterMm, double ExitMm);
