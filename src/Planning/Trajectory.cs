using SurgicalNav.Imaging;

namespace SurgicalNav.Planning;

/// <summary>
/// A straight needle path from a skin entry point to a target, both in patient LPS mm, with its length and
/// the smallest distance in mm from the path to each structure at risk (keyed by segment name).
/// </summary>
public sealed record Trajectory(
    string Name,
    string Target,
    Vec3 EntryMm,
    Vec3 TargetMm,
    double LengthMm,
    IReadOnlyDictionary<string, double> MinClearanceMm,
    bool MeetsClearance,
    string? Warning = null);
