using SurgicalNav.Planning;
using SurgicalNav.Planning.Ablation;

namespace SurgicalNav.App.Cases;

/// <summary>The table ablation zone (patient LPS mm) of a case's planned needle, with errors that say how to plan one.</summary>
public static class PlannedZones
{
    /// <summary>Needle <paramref name="number"/> (1-based) of the case's plan and its predicted zone from the device table.</summary>
    public static (PlannedNeedle Needle, AblationZone Zone, double MarginMm) Of(string caseDirectory, CaseDocument document, int number)
    {
        IReadOnlyList<PlannedNeedle> needles = document.Plan?.Needles ?? [];
        if (needles.Count == 0) throw new PlanningException($"case '{caseDirectory}' has no planned needle; run `plan {caseDirectory} --device NAME --power W --time s` first");
        if (number < 1 || number > needles.Count) throw new PlanningException($"the plan has {needles.Count} needle(s); pick --needle 1..{needles.Count}");
        PlannedNeedle needle = needles[number - 1];
        if (needle.Settings is null) throw new PlanningException($"{needle.Name} has no device settings, so no predicted zone; re-plan with `plan {caseDirectory} --device NAME --power W --time s`");
        (AblationDevice device, AblationZoneRow row) = AblationDeviceTable.Load().Find(needle.Settings);
        return (needle, AblationZone.ForNeedle(needle.EntryMm, needle.TargetMm, row, device.TipOffsetMm), document.Plan!.MarginMm);
    }
}
