using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Risk;

/// <summary>
/// The risk of one straight needle path from a skin entry to a target (patient LPS mm): clearance per organ at
/// risk, path length and the part of it inside the body in mm, the angle in degrees between the needle and the
/// inward skin normal, the insertion depth against the needle's usable length in mm, and every violation in words.
/// </summary>
public sealed record PathRisk(
    Vec3 EntryMm,
    Vec3 TargetMm,
    double LengthMm,
    double InsideTissueMm,
    double SkinAngleDeg,
    double InsertionDepthMm,
    double UsableLengthMm,
    IReadOnlyList<StructureClearance> Clearances,
    IReadOnlyList<string> Violations)
{
    /// <summary>True when nothing is violated.</summary>
    public bool Safe => Violations.Count == 0;

    /// <summary>Clearance in mm to a structure, or +infinity when it is not an organ at risk in the image.</summary>
    public double ClearanceMm(string structure) =>
        Clearances.FirstOrDefault(c => c.Structure == structure)?.MinClearanceMm ?? double.PositiveInfinity;

    /// <summary>The smallest clearance in mm beyond the requirement over all organs at risk (negative when violated).</summary>
    public double WorstSlackMm => Clearances.Count == 0 ? double.PositiveInfinity : Clearances.Min(c => c.MinClearanceMm - c.RequiredMm);

    /// <summary>A one-line summary for people.</summary>
    public string Describe() =>
        $"length {LengthMm:0.0} mm ({InsideTissueMm:0.0} mm in tissue), angle to skin normal {SkinAngleDeg:0}°, depth {InsertionDepthMm:0.0} of {UsableLengthMm:0} mm; " +
        string.Join(", ", Clearances.Select(c => $"{c.Structure} {c.MinClearanceMm:0.0} mm at {c.AtMmFromEntry:0} mm")) +
        (Safe ? "" : "; VIOLATIONS: " + string.Join("; ", Violations));
}
