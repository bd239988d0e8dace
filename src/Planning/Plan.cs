namespace SurgicalNav.Planning;

/// <summary>
/// The saved state of an ablation plan: targets, suggested trajectories, the desired margin in mm, the organs at
/// risk with their minimum clearance in mm (keyed by segment name) and the needles placed, each with its model and
/// device settings. The case keeps every version so that each change can be undone.
/// </summary>
public sealed record Plan(
    IReadOnlyList<PlanTarget> Targets,
    IReadOnlyList<Trajectory> Trajectories,
    double MarginMm,
    IReadOnlyDictionary<string, double> RequiredClearanceMm,
    IReadOnlyList<PlannedNeedle>? Needles = null)
{
    /// <summary>The default ablative margin in mm.</summary>
    public const double DefaultMarginMm = 5;
}
