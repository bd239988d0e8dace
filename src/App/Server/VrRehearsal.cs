using System.Text.Json;
using SurgicalNav.App.Commands;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;
using SurgicalNav.Planning.Ablation;

namespace SurgicalNav.App.Server;

/// <summary>
/// One path to rehearse in VR: the chosen trajectory of a target (patient LPS mm), and when a needle is placed for
/// that target the predicted ablation zone of its device settings (null with <see cref="ZoneNote"/> saying why), and the
/// simulated necrosis of `simulate` when its needle still matches the path (mesh URL relative to the page, mL).
/// </summary>
public sealed record VrRehearsal(
    string Name,
    string Target,
    Vec3 EntryMm,
    Vec3 TargetMm,
    DeviceSettings? Settings,
    AblationZone? Zone,
    string? ZoneNote,
    string? NecrosisMesh,
    double? NecrosisMl,
    string? NecrosisNote)
{
    /// <summary>A simulation result counts for a path when its needle's entry and tip are within this distance, in mm.</summary>
    public const double SamePathToleranceMm = 1;

    /// <summary>URL path of the necrosis mesh of needle <paramref name="number"/> (1-based), relative to the page.</summary>
    public static string NecrosisUrl(int number) => $"api/case/simulation/{number}/necrosis.glb";

    /// <summary>File of the necrosis mesh of needle <paramref name="number"/> (1-based) written by `simulate`.</summary>
    public static string NecrosisFile(string caseDirectory, int number) =>
        Path.Combine(caseDirectory, SimulateCommand.Folder, $"needle-{number}.necrosis.glb");

    /// <summary>
    /// What a plan rehearses: the chosen (first) trajectory of each target, in plan order, so the plan's chosen path
    /// comes first. A target with a placed needle gets that needle's zone and simulation; the device table is read
    /// only when a needle has settings, and a table error becomes that entry's note.
    /// </summary>
    public static IReadOnlyList<VrRehearsal> FromPlan(Plan? plan, string caseDirectory, Func<AblationDeviceTable> table)
    {
        if (plan is null) return [];
        IReadOnlyList<PlannedNeedle> needles = plan.Needles ?? [];
        var result = new List<VrRehearsal>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Trajectory chosen in plan.Trajectories.Where(t => seen.Add(t.Target)))
        {
            int n = needles.ToList().FindIndex(x => x.Target == chosen.Target);
            if (n < 0)
            {
                result.Add(new VrRehearsal(chosen.Name, chosen.Target, chosen.EntryMm, chosen.TargetMm, null, null,
                    "no device settings: place a needle with `plan CASE --device NAME --power W --time s` to see its zone", null, null, null));
                continue;
            }
            result.Add(ForNeedle(needles[n], n + 1, chosen.EntryMm, chosen.TargetMm, caseDirectory, table));
        }
        // Needles whose target has no trajectory (plans edited by hand) still play along their own path.
        for (int n = 0; n < needles.Count; n++)
        {
            if (seen.Add(needles[n].Target)) result.Add(ForNeedle(needles[n], n + 1, needles[n].EntryMm, needles[n].TargetMm, caseDirectory, table));
        }
        return result;
    }

    private static VrRehearsal ForNeedle(PlannedNeedle needle, int number, Vec3 entry, Vec3 tip, string caseDirectory, Func<AblationDeviceTable> table)
    {
        (AblationZone? zone, string? zoneNote) = ZoneOf(needle, entry, tip, table);
        (string? mesh, double? ml, string? note) = Necrosis(caseDirectory, number, needle, entry, tip);
        return new VrRehearsal(needle.Name, needle.Target, entry, tip, needle.Settings, zone, zoneNote, mesh, ml, note);
    }

    private static (AblationZone?, string?) ZoneOf(PlannedNeedle needle, Vec3 entry, Vec3 tip, Func<AblationDeviceTable> table)
    {
        if (needle.Settings is null) return (null, "no device settings: re-plan with `plan CASE --device NAME --power W --time s`");
        try
        {
            (AblationDevice device, AblationZoneRow row) = table().Find(needle.Settings);
            return (AblationZone.ForNeedle(entry, tip, row, device.TipOffsetMm), row.Illustrative ? "illustrative zone size (device table row not checked against an IFU)" : null);
        }
        catch (PlanningException e)
        {
            return (null, e.Message);
        }
    }

    private static (string?, double?, string?) Necrosis(string caseDirectory, int number, PlannedNeedle needle, Vec3 entry, Vec3 tip)
    {
        string mesh = NecrosisFile(caseDirectory, number);
        string summary = Path.ChangeExtension(Path.ChangeExtension(mesh, null), null) + ".json";
        if (!File.Exists(mesh)) return (null, null, $"no simulation: run `simulate CASE --needle {number}` to see the predicted necrosis");
        if (Vec3.Distance(needle.EntryMm, entry) > SamePathToleranceMm || Vec3.Distance(needle.TargetMm, tip) > SamePathToleranceMm)
            return (null, null, $"the simulation was for the needle's earlier path; run `simulate CASE --needle {number}` again");
        double? ml = null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(summary));
            if (doc.RootElement.TryGetProperty("necrosisMl", out var v) && v.TryGetDouble(out double d)) ml = d;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // The mesh is what is shown; a missing or torn summary only loses the volume figure.
        }
        return (NecrosisUrl(number), ml, null);
    }
}
