namespace SurgicalNav.Planning.Risk;

/// <summary>
/// The closest approach of a path to one organ at risk: the clearance in mm from the path to the structure's
/// surface, where it occurs in mm from the skin entry along the path, and the clearance the plan requires in mm.
/// </summary>
public sealed record StructureClearance(string Structure, double MinClearanceMm, double AtMmFromEntry, double RequiredMm)
{
    /// <summary>True when the path comes closer than required (a clearance of 0 means it crosses the structure).</summary>
    public bool Violated => MinClearanceMm < RequiredMm;
}
