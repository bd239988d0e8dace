using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Rays;

namespace SurgicalNav.Planning.Picking;

/// <summary>
/// Where a pointing ray puts an ablation target: <paramref name="TargetMm"/> (patient LPS mm) at the middle of the
/// first target segment the ray crosses, that segment, its chord along the ray and the target's distance from the
/// ray origin (mm); all null when the ray crosses no target segment. <paramref name="Crossings"/> lists every
/// segment on the ray inside the image, nearest first.
/// </summary>
public sealed record RayTarget(Vec3? TargetMm, string? Segment, double? ChordMm, double? AlongMm, IReadOnlyList<SegmentCrossing> Crossings);
