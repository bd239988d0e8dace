using SurgicalNav.Imaging;

namespace SurgicalNav.Planning;

/// <summary>
/// A straight needle path from a skin entry point to a target, both in patient LPS mm, with its length and
/// the smallest distance in mm from the path to each structure at risk (keyed by segment name; a structure
/// absent from the image has no entry).
/// </summary>
public sealed record Trajectory(
    string Name,
    string Target,
    Vec3 EntryMm,
    Vec3 TargetMm,
    double LengthMm,
    IReadOnlyDictionary<string, double> MinClearanceMm,
    bool MeetsClearance,
    string? Warning = null)
{
    /// <summary>Clearance in mm to a structure, or +infinity when the image holds none of it.</summary>
    public double ClearanceMm(string structure) =>
        MinClearanceMm.TryGetValue(structure, out double mm) ? mm : double.PositiveInfinity;

    /// <summary>The clearances for people, for example "vessels 23.6 mm, bone 10.3 mm".</summary>
    public string DescribeClearances() => string.Join(", ", new[] { "vessels", "bone" }.Select(s =>
        MinClearanceMm.TryGetValue(s, out double mm) ? $"{s} {mm:0.0} mm" : $"no {s} in the image"));
}
