namespace SurgicalNav.Planning.Ablation;

/// <summary>
/// One ablation device from the device table: its name, kind, the distance in mm from the needle tip back to the
/// zone centre along the needle, and its zones per power and time.
/// </summary>
public sealed record AblationDevice(string Name, string Kind, double TipOffsetMm, IReadOnlyList<AblationZoneRow> Rows);

/// <summary>
/// One row of a device table: power in W, time in s, zone length along the needle and diameter across it in mm, the
/// source of the numbers, and whether they are illustrative (not yet checked against the device's instructions for use).
/// </summary>
public sealed record AblationZoneRow(double PowerW, double TimeS, double ZoneLengthMm, double ZoneDiameterMm, string Source, bool Illustrative);
