using SurgicalNav.App.Cli;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.App.Commands;

/// <summary>`segment volume.nrrd --out labels.seg.nrrd [--seed x,y,z:name ...] [--truth truth.json] [--device D] [--json]`.</summary>
public static class SegmentCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "segment volume.nrrd --out labels.seg.nrrd [--seed x,y,z:name ...] [--truth truth.json] [--device auto|cpu|opencl] [--json]";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("segment", args, ["out", "seed", "truth", "device"], ["json"]);
        string input = a.Positional("volume (.nrrd) to segment");
        string output = a.Required("out", "the .seg.nrrd file to write the labels to");
        string? truthPath = a.Option("truth");
        PhantomTruth? truth = truthPath is null ? null : PhantomCommand.ReadTruth(truthPath);
        List<SegmentSeed> seeds = SeedArgs.Read(a, truth);
        (Volume<short> volume, _) = NrrdFile.Read<short>(input);
        using IComputeBackend backend = ComputeBackends.Select(a.Option("device"), Output.Progress);
        SegmentationReport report = AbdomenCtPreset.Run(volume, seeds, backend, Output.Progress);
        foreach (string w in report.Warnings) Output.Progress($"segment: warning: {w}");
        SegNrrd.Write(output, report.Labels);

        IReadOnlyDictionary<string, double>? dice = null;
        string truthLabels = truthPath is null ? "" : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthPath))!, "truth.seg.nrrd");
        if (File.Exists(truthLabels)) dice = Overlap.DicePerSegment(report.Labels, SegNrrd.Read(truthLabels));

        long[] histogram = report.Labels.Histogram();
        double voxelMl = volume.Geometry.VoxelVolumeMm3 / 1000;
        var segments = report.Labels.Segments.Segments.Select(s => new { s.Name, s.Value, voxels = histogram[s.Value], volumeMl = Math.Round(histogram[s.Value] * voxelMl, 2) }).ToList();
        if (a.Flag("json"))
        {
            Output.Json(new { segments, stageSeconds = report.StageSeconds, device = report.Device, warnings = report.Warnings, dice, @out = Path.GetFullPath(output) });
        }
        else
        {
            foreach (var s in segments) Output.Result($"{s.Name,-8} {s.volumeMl,10:0.0} mL{(dice is not null && dice.TryGetValue(s.Name, out double d) ? $"   Dice {d:0.000}" : "")}");
            Output.Result($"segment: wrote {output} ({report.Device}, {report.StageSeconds.Values.Sum():0.00} s)");
        }
        return 0;
    }
}
