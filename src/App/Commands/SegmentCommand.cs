using SurgicalNav.App.Cli;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.App.Commands;

/// <summary>`segment volume.nrrd --out labels.seg.nrrd [--preset abdomen-ct] [--seed x,y,z:name ...] [--truth truth.json] [--device D] [--json]`.</summary>
public static class SegmentCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "segment volume.nrrd|.nii|.nii.gz --out labels.seg.nrrd|.nii.gz [--preset abdomen-ct] [--seed x,y,z:name ...] [--truth truth.json] [--device auto|cpu|opencl] [--json]";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("segment", args, ["out", "seed", "truth", "device", "preset"], ["json"]);
        string input = a.Positional("volume (.nrrd, .nii or .nii.gz) to segment");
        string output = a.Required("out", "the .seg.nrrd file to write the labels to");
        string preset = a.Option("preset") ?? SegmentationPresets.Default;
        if (!SegmentationPresets.Names.Contains(preset.ToLowerInvariant()))
        {
            throw new UsageException($"segment: unknown preset '{preset}'; known presets: {string.Join(", ", SegmentationPresets.Names)}");
        }
        string? truthPath = a.Option("truth");
        PhantomTruth? truth = truthPath is null ? null : PhantomCommand.ReadTruth(truthPath);
        List<SegmentSeed> seeds = SeedArgs.Read(a, truth);
        Volume<short> volume = VolumeFile.Read<short>(input);
        using IComputeBackend backend = ComputeBackends.Select(a.Option("device"), Output.Progress, DeviceProbe.OutOfProcess);
        SegmentationReport report = SegmentationPresets.Run(preset, volume, seeds, backend, Output.Progress);
        foreach (string w in report.Warnings) Output.Progress($"segment: warning: {w}");
        SegNrrd.Write(output, report.Labels);

        IReadOnlyDictionary<string, double>? dice = null, surfaceMm = null;
        string truthLabels = truthPath is null ? "" : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthPath))!, "truth.seg.nrrd");
        if (File.Exists(truthLabels))
        {
            LabelMap reference = SegNrrd.Read(truthLabels);
            Volumetry.RequireSameGrid(reference.Geometry, volume.Geometry, truthLabels, input);
            dice = Overlap.DicePerSegment(report.Labels, reference);
            surfaceMm = SurfaceDistance.MeanPerSegment(report.Labels, reference);
        }

        IReadOnlyList<SegmentVolume> segments = Volumetry.PerSegment(report.Labels);
        if (a.Flag("json"))
        {
            Output.Json(new { preset, segments, stageSeconds = report.StageSeconds, device = report.Device, warnings = report.Warnings, dice, meanSurfaceDistanceMm = surfaceMm, @out = Path.GetFullPath(output) });
        }
        else
        {
            foreach (SegmentVolume s in segments)
            {
                string quality = dice is not null && dice.TryGetValue(s.Name, out double d) ? $"   Dice {d:0.000}" : "";
                if (surfaceMm is not null && surfaceMm.TryGetValue(s.Name, out double msd)) quality += $"   mean surface distance {msd:0.00} mm";
                Output.Result($"{s.Name,-8} {s.VolumeMl,10:0.0} mL{quality}");
            }
            Output.Result($"segment: wrote {output} ({report.Device}, {report.StageSeconds.Values.Sum():0.00} s)");
        }
        return 0;
    }
}
