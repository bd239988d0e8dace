using System.Diagnostics;
using System.Text.Json;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Commands;

/// <summary>`phantom --out DIR [--size XxYxZ] [--seed N] [--noise HU]`: writes the synthetic CT series and its truth; with `--post-ablation CASE`, that case's post-ablation CT (<see cref="PostAblationSeries"/>).</summary>
public static class PhantomCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "phantom --out DIR [--size 512x512x300] [--seed N] [--noise HU] [--post-ablation CASE [--needle N] [--motion tx,ty,tz,rx,ry,rz] [--zone-offset x,y,z]] [--json]   synthetic abdominal CT with truth; or its post-ablation CT";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("phantom", args, ["out", "size", "seed", "noise", "post-ablation", "needle", "motion", "zone-offset"], ["json"]);
        string dir = a.Required("out", "the folder to write the DICOM series, truth.seg.nrrd and truth.json into");
        if (a.Option("post-ablation") is not null)
        {
            if (a.Option("size") is not null || a.Option("seed") is not null) throw new UsageException("phantom: --post-ablation takes size and seed from the case's phantom; drop --size and --seed");
            PostAblationSeries.Write(a, dir);
            return 0;
        }
        if ((a.Option("needle") ?? a.Option("motion") ?? a.Option("zone-offset")) is not null) throw new UsageException("phantom: --needle, --motion and --zone-offset need --post-ablation CASE");
        (PhantomResult _, double seconds, int files) = Write(dir, Options(a), Output.Progress);
        if (a.Flag("json")) Output.Json(new { @out = Path.GetFullPath(dir), files, seconds = Math.Round(seconds, 3) });
        else Output.Result($"phantom: {files} DICOM files, truth.seg.nrrd and truth.json in {dir} ({seconds:0.0} s)");
        return 0;
    }

    /// <summary>Reads --size, --seed and --noise.</summary>
    public static PhantomOptions Options(CommandArgs a)
    {
        Int3 size;
        try { size = a.Option("size") is string s ? Int3.Parse(s) : PhantomOptions.DefaultSize; }
        catch (FormatException e) { throw new UsageException($"{a.Command}: {e.Message}"); }
        if (size.X < 16 || size.Y < 16 || size.Z < 8 || size.X > 2048 || size.Y > 2048 || size.Z > 2048)
        {
            throw new UsageException($"{a.Command}: --size {size} must be between 16x16x8 and 2048x2048x2048");
        }
        return new PhantomOptions(size, a.Int("seed", 1, 0, int.MaxValue), a.Double("noise", 12, 0, 200));
    }

    /// <summary>Generates the phantom and writes series, truth labels and truth.json into dir.</summary>
    public static (PhantomResult Phantom, double Seconds, int Files) Write(string dir, PhantomOptions options, Action<string> progress)
    {
        var clock = Stopwatch.StartNew();
        progress($"phantom: generating {options.Size} (seed {options.Seed}, noise {options.NoiseHu} HU)");
        PhantomResult phantom = AbdomenPhantom.Generate(options);
        Directory.CreateDirectory(dir);
        var info = new CtSeriesInfo("Phantom^Abdomen", $"SNAV-{options.Seed}", "20260101", "SurgicalNav abdominal phantom", $"surgicalnav-phantom-{options.Seed}-{options.Size}")
        {
            StudyDescription = "Synthetic contrast-enhanced abdomen CT",
        };
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(phantom.Hounsfield, dir, info);
        SegNrrd.Write(Path.Combine(dir, "truth.seg.nrrd"), new LabelMap(phantom.Labels, SegmentTable.Abdomen()));
        AtomicFile.WriteAllText(Path.Combine(dir, "truth.json"), JsonSerializer.Serialize(phantom.Truth, NavJson.Options));
        return (phantom, clock.Elapsed.TotalSeconds, files.Count);
    }

    /// <summary>Reads a phantom's truth.json.</summary>
    public static PhantomTruth ReadTruth(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist; phantom writes truth.json beside its series");
        return JsonSerializer.Deserialize<PhantomTruth>(File.ReadAllText(path), NavJson.Options)
            ?? throw new InvalidDataException($"'{path}' is empty");
    }
}
