using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Planning.Ablation;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `phantom --post-ablation CASE --out DIR [--needle N] [--motion tx,ty,tz,rx,ry,rz] [--zone-offset x,y,z]`: the
/// post-ablation CT of a phantom case's patient: the anatomy moved rigidly (mm, degrees), the planned needle's table
/// zone (optionally moved, mm) painted hypodense with a hyperdense rim; the truth goes to post-truth.json.
/// </summary>
public static class PostAblationSeries
{
    /// <summary>The motion used when none is given: 3, -2, 4 mm and 2, -1.5, 1 degrees.</summary>
    public const string DefaultMotion = "3,-2,4,2,-1.5,1";

    /// <summary>Writes the series; returns the options used (pre-op frame zone, motion).</summary>
    public static PostAblationOptions Write(CommandArgs a, string dir)
    {
        string caseDir = a.Option("post-ablation")!;
        CaseDocument document = CaseStore.Load(caseDir);
        string truthPath = Path.Combine(document.Source, "truth.json");
        if (!File.Exists(truthPath))
        {
            throw new InvalidDataException($"case '{caseDir}' was not made from a phantom ({truthPath} does not exist), so its post-ablation CT cannot be synthesised; import the real post-op series instead");
        }
        PhantomTruth truth = PhantomCommand.ReadTruth(truthPath);
        var options = new PhantomOptions(Int3.Parse(string.Join("x", truth.Size)), truth.Seed, a.Option("noise") is null ? truth.NoiseHu : a.Double("noise", 12, 0, 200), truth.Tumors.Count);
        (_, AblationZone zone, _) = PlannedZones.Of(caseDir, document, a.Int("needle", 1, 1, 100));
        double[] motion = Numbers(a.Option("motion") ?? DefaultMotion, 6, "motion", "tx,ty,tz,rx,ry,rz (mm and degrees)");
        double[] offset = Numbers(a.Option("zone-offset") ?? "0,0,0", 3, "zone-offset", "x,y,z in mm");
        var post = new PostAblationOptions(
            new Vec3(motion[0], motion[1], motion[2]), new Vec3(motion[3], motion[4], motion[5]),
            zone.CenterMm + new Vec3(offset[0], offset[1], offset[2]), zone.Axis, zone.LengthMm, zone.DiameterMm);

        var clock = Stopwatch.StartNew();
        Output.Progress($"phantom: post-ablation series of case '{caseDir}' (seed {options.Seed}, {options.Size}), motion {post.TranslationMm} mm / {post.RotationDeg} deg");
        PhantomResult result = AbdomenPhantom.GeneratePostAblation(options, post);
        Directory.CreateDirectory(dir);
        var info = new CtSeriesInfo("Phantom^Abdomen", $"SNAV-{options.Seed}", "20260102", "SurgicalNav phantom after ablation", $"surgicalnav-post-{options.Seed}-{options.Size}-{a.Option("motion")}-{a.Option("zone-offset")}")
        {
            StudyDescription = "Synthetic post-ablation abdomen CT",
        };
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(result.Hounsfield, dir, info);
        var truthOut = new { caseDirectory = Path.GetFullPath(caseDir), preToPost = new { translationMm = post.TranslationMm, rotationDeg = post.RotationDeg, rotation = post.Rotation.ToRowMajor() }, zone = new { centerMm = post.ZoneCenterMm, axis = post.ZoneAxis, lengthMm = post.ZoneLengthMm, diameterMm = post.ZoneDiameterMm, plannedCenterMm = zone.CenterMm }, post.ZoneDropHu, post.RimRiseHu, post.RimMm };
        AtomicFile.WriteAllText(Path.Combine(dir, "post-truth.json"), JsonSerializer.Serialize(truthOut, NavJson.Options));
        if (a.Flag("json")) Output.Json(new { @out = Path.GetFullPath(dir), files = files.Count, seconds = Math.Round(clock.Elapsed.TotalSeconds, 3), truth = truthOut });
        else Output.Result($"phantom: post-ablation series, {files.Count} DICOM files and post-truth.json in {dir} ({clock.Elapsed.TotalSeconds:0.0} s); zone {post.ZoneLengthMm:0} x {post.ZoneDiameterMm:0} mm at {post.ZoneCenterMm} mm (pre-op frame)");
        return post;
    }

    private static double[] Numbers(string text, int count, string option, string format)
    {
        string[] parts = text.Split(',');
        var v = new double[count];
        if (parts.Length != count || !parts.Select((s, n) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v[n]) && double.IsFinite(v[n])).All(ok => ok))
        {
            throw new UsageException($"phantom: --{option} '{text}' must be {format}");
        }
        return v;
    }
}
