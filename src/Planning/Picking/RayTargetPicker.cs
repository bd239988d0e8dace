using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Rays;

namespace SurgicalNav.Planning.Picking;

/// <summary>
/// Places an ablation target from a pointing ray. A ray fixes two of the target's three coordinates; the depth is
/// taken from the anatomy: the middle of the first tumour the ray passes through, because the needle tip goes to the
/// centre of what is ablated and the zone is centred on it. The liver (or any organ) in front of the tumour does not
/// stop the ray, so the user does not have to hide or clip it to reach inside.
/// </summary>
public static class RayTargetPicker
{
    /// <summary>The segment the planner targets by default (<see cref="PlanRequest.Target"/>).</summary>
    public const string DefaultTargetSegment = "tumor";

    /// <summary>
    /// The target on the ray from <paramref name="originMm"/> along <paramref name="direction"/> (patient LPS mm;
    /// any length) among <paramref name="targetSegments"/>; a result with a null target when the ray crosses none.
    /// </summary>
    public static RayTarget Pick(LabelMap map, Vec3 originMm, Vec3 direction, IReadOnlyCollection<string> targetSegments)
    {
        IReadOnlyList<SegmentCrossing> crossings = LabelRay.Cross(map, originMm, direction);
        SegmentCrossing? hit = crossings.FirstOrDefault(c => targetSegments.Contains(c.Segment, StringComparer.OrdinalIgnoreCase));
        if (hit is null) return new RayTarget(null, null, null, null, crossings);
        double along = (hit.EnterMm + hit.ExitMm) / 2;
        return new RayTarget(originMm + direction.Normalized() * along, hit.Segment, hit.ExitMm - hit.EnterMm, along, crossings);
    }

    /// <summary>
    /// The segments targets are placed in: the planner's default ("tumor") when the label map has it, and each
    /// segment a plan target is named after (the planner names the parts of segment S "S 1", "S 2", …).
    /// </summary>
    public static IReadOnlyCollection<string> TargetSegments(SegmentTable segments, Plan? plan)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (segments.Find(DefaultTargetSegment) is { } tumour) names.Add(tumour.Name);
        foreach (PlanTarget target in plan?.Targets ?? [])
        {
            int space = target.Name.LastIndexOf(' ');
            if (space > 0 && int.TryParse(target.Name.AsSpan(space + 1), out _) && segments.Find(target.Name[..space]) is { } s) names.Add(s.Name);
        }
        return names;
    }
}
