namespace SurgicalNav.Planning;

/// <summary>
/// Settings for trajectory suggestion: the needle's usable length in mm, the minimum clearance in mm from
/// each structure at risk, the ablation margin in mm and how many directions to try.
/// </summary>
public sealed record PlanningOptions(
    double NeedleLengthMm = 200,
    double VesselClearanceMm = 3,
    double BoneClearanceMm = 2,
    double MarginMm = 5,
    int Directions = 4000);
