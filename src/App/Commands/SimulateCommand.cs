using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Compute;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Thermal;
using SurgicalNav.Rendering;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `simulate CASE --needle N [--device auto|cpu|opencl] [--json]`: the thermal digital twin of planned needle N
/// (1-based): predicted necrosis as a label map and a mesh in CASE/simulation/, and its difference from the table zone.
/// </summary>
public static class SimulateCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "simulate CASE --needle N [--device auto|cpu|opencl] [--json]        thermal twin of a planned needle: necrosis vs table zone";

    /// <summary>The folder in the case that holds simulation results.</summary>
    public const string Folder = "simulation";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("simulate", args, ["needle", "device"], ["json"]);
        string caseDir = a.Positional("case folder");
        int number = a.Int("needle", 0, 1, 100);
        if (number == 0) throw new UsageException("simulate: give --needle N (1 for the first needle of the plan)");
        CaseDocument document = CaseStore.Load(caseDir);
        IReadOnlyList<PlannedNeedle> needles = document.Plan?.Needles ?? [];
        if (needles.Count == 0) throw new PlanningException($"case '{caseDir}' has no planned needle; run `plan {caseDir} --device NAME --power W --time s` first");
        if (number > needles.Count) throw new PlanningException($"the plan has {needles.Count} needle(s); pick --needle 1..{needles.Count}");
        PlannedNeedle needle = needles[number - 1];
        if (needle.Settings is null) throw new PlanningException($"{needle.Name} has no device settings; re-plan with `plan {caseDir} --device NAME --power W --time s`");
        (AblationDevice device, AblationZoneRow row) = AblationDeviceTable.Load().Find(needle.Settings);
        LabelMap labels = SegNrrd.Read(Path.Combine(caseDir, CaseStore.LabelsFile));
        using IComputeBackend backend = ComputeBackends.Select(a.Option("device"), Output.Progress, DeviceProbe.OutOfProcess);

        ThermalResult result = ThermalSimulator.Simulate(labels, needle.EntryMm, needle.TargetMm, needle.Needle, device, row, backend);

        string folder = Path.Combine(caseDir, Folder);
        Directory.CreateDirectory(folder);
        string stem = Path.Combine(folder, $"needle-{number}");
        var necrosis = new LabelMap(result.Necrosis, new SegmentTable([new SegmentInfo(1, "necrosis", [0.9f, 0.3f, 0.1f])]));
        SegNrrd.Write(stem + ".necrosis.seg.nrrd", necrosis);
        IReadOnlyList<Mesh> meshes = LabelMeshes.Build(necrosis, MeshingOptions.Default);
        GlbWriter.WriteFile(Scene.FromMeshes(meshes, necrosis.Segments), stem + ".necrosis.glb");
        var summary = new
        {
            needle = needle.Name,
            device = needle.Settings,
            backend = backend.Name,
            necrosisMl = Math.Round(result.NecrosisMl, 2),
            tableZoneMl = Math.Round(result.TableZoneMl, 2),
            sparedInZoneMl = Math.Round(result.SparedInZoneMl, 2),
            beyondZoneMl = Math.Round(result.BeyondZoneMl, 2),
            dice = Math.Round(result.Dice, 3),
            zoneNearVesselMl = Math.Round(result.ZoneNearVesselMl, 2),
            nearVesselNecroticPercent = Math.Round(result.NearVesselNecroticPercent, 1),
            tumorCoveragePercent = Math.Round(result.TumorCoveragePercent, 1),
            maxTemperatureC = Math.Round(result.MaxTemperatureC, 1),
            sourceRadiusMm = Math.Round(result.SourceRadiusMm, 2),
            timeStepS = Math.Round(result.TimeStepS, 3),
            steps = result.Steps,
            seconds = Math.Round(result.Seconds, 3),
            labels = stem + ".necrosis.seg.nrrd",
            mesh = stem + ".necrosis.glb",
        };
        AtomicFile.WriteAllText(stem + ".json", JsonSerializer.Serialize(summary, NavJson.Options));
        if (a.Flag("json")) Output.Json(summary);
        else Output.Result($"{needle.Name} ({needle.Settings.Device} {needle.Settings.PowerW} W {needle.Settings.TimeS} s): {result.Describe()}; written to {folder}");
        return 0;
    }
}
