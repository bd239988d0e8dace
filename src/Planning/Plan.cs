namespace SurgicalNav.Planning;

/// <summary>
/// The saved state of an ablation plan: targets, needle trajectories, the desired margin in mm and the
/// minimum clearance in mm required from each structure at risk.
/// </summary>
public sealed record Plan(
    IReadOnlyList<PlanTarget> Targets,
    IReadOnlyList<Trajectory> Trajectories,
    double MarginMm,
    IReadOnlyDictionary<string, double> RequiredClearanceMm);
