using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Planning;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Verification;
using SurgicalNav.Rendering;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `verify CASE --post DIR [--needle N] [--series UID] [--json]`: imports the post-ablation CT, registers it to the
/// case's CT, segments the ablation zone of planned needle N and writes the minimal ablative margin A0, the residual
/// tumour and a colour-coded margin map into CASE/verification/; the plan itself is never changed.
/// </summary>
public static class VerifyCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "verify CASE --post DIR [--needle N] [--series UID] [--json]          post-ablation CT: register, segment zone, margin A0, residual tumour";

    /// <summary>The folder in the case that holds verification results.</summary>
    public const string Folder = "verification";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("verify", args, ["post", "needle", "series"], ["json"]);
        string caseDir = a.Positional("case folder");
        string post = a.Required("post", "the folder (or DICOMDIR) of the post-ablation CT series");
        if (!Directory.Exists(post) && !File.Exists(post)) throw new DirectoryNotFoundException($"--post '{post}' does not exist; give the folder of the post-ablation CT series");
        int number = a.Int("needle", 1, 1, 100);
        CaseDocument document = CaseStore.Load(caseDir);
        (PlannedNeedle needle, AblationZone zone, double marginMm) = PlannedZones.Of(caseDir, document, number);

        Output.Progress($"verify: importing the post-ablation series from {post}");
        (DicomSeriesResult series, _, double importSeconds) = await PipelineStages.ImportAsync(post, a.Option("series"), ct).ConfigureAwait(false);
        foreach (string w in series.Warnings) Output.Progress($"verify: import warning: {w}");
        if (series.Modality != "CT") throw new InvalidDataException($"the post-op series in '{post}' is {series.Modality}, not CT; verify needs the post-ablation CT");
        (Volume<short> preCt, _) = NrrdFile.Read<short>(Path.Combine(caseDir, CaseStore.VolumeFile));
        LabelMap labels = SegNrrd.Read(Path.Combine(caseDir, CaseStore.LabelsFile));
        double coarsest = new[] { preCt.Geometry.SpacingMm, series.Volume.Geometry.SpacingMm }.Max(v => Math.Max(v.X, Math.Max(v.Y, v.Z)));
        if (coarsest > 2.5) Output.Progress($"verify: warning: voxels up to {coarsest:0.0} mm do not resolve the zone's 1-3 mm rim; the zone may leak into residual tumour and A0 is uncertain by a voxel or more (2 mm or finer is validated)");
        Output.Progress($"verify: registering {series.FileCount} files to the case's CT and segmenting the zone of {needle.Name}");
        VerificationResult result = AblationVerifier.Verify(preCt, labels, series.Volume, zone, marginMm);

        string folder = Directory.CreateDirectory(Path.Combine(caseDir, Folder)).FullName;
        string stem = Path.Combine(folder, $"needle-{number}");
        SegNrrd.Write(stem + ".zone.seg.nrrd", new LabelMap(result.ZoneMask, new SegmentTable([new SegmentInfo(1, "ablation zone", [0.35f, 0.55f, 0.95f])])));
        WriteMarginMap(stem + ".margin.glb", result);
        var summary = new
        {
            needle = needle.Name,
            target = needle.Target,
            post = Path.GetFullPath(post),
            seriesInstanceUid = series.SeriesInstanceUid,
            a0Mm = Math.Round(result.A0Mm, 2),
            requiredMarginMm = marginMm,
            tumorMl = Math.Round(result.TumorMl, 3),
            residualTumorMl = Math.Round(result.ResidualTumorMl, 3),
            coveragePercent = Math.Round(result.Coverage.TumorCoveragePercent, 2),
            zoneMl = Math.Round(result.ZoneMl, 2),
            zoneCentroidMm = result.ZoneCentroidMm,
            zoneOffsetFromPlanMm = Math.Round(result.ZoneOffsetFromPlanMm, 2),
            zoneHu = result.ZoneHu,
            liverHu = result.LiverHu,
            marginMap = new
            {
                uncoveredPercent = Math.Round(result.Margins.UncoveredAreaPercent, 1),
                thinPercent = Math.Round(result.Margins.ThinAreaPercent, 1),
                adequatePercent = Math.Round(result.Margins.AdequateAreaPercent, 1),
                mesh = stem + ".margin.glb",
            },
            registration = new
            {
                postToPre = result.Registration.PostToPre.ToRowMajor(),
                rotationDeg = Math.Round(result.Registration.RotationDeg, 3),
                translationMm = Math.Round(result.Registration.TranslationMm, 3),
                rmsMm = Math.Round(result.Registration.RmsMm, 3),
                inlierPercent = Math.Round(100 * result.Registration.InlierFraction, 1),
                points = result.Registration.Points,
            },
            zoneLabels = stem + ".zone.seg.nrrd",
            importSeconds = Math.Round(importSeconds, 3),
            seconds = Math.Round(result.Seconds, 3),
            summary = result.Describe(),
        };
        AtomicFile.WriteAllText(stem + ".json", JsonSerializer.Serialize(summary, NavJson.Options));
        if (a.Flag("json")) Output.Json(summary);
        else Output.Result($"{needle.Name} ({needle.Target}): {result.Describe()} Written to {folder}");
        return 0;
    }

    private static void WriteMarginMap(string path, VerificationResult result)
    {
        var scene = new Scene();
        Mesh surface = result.Margins.Surface;
        scene.Meshes.Add(new SceneMesh("tumour margin map", surface, [1f, 1f, 1f, 1f])
        {
            VertexColorsRgb = result.Margins.ColorsRgb,
            Extras = new Dictionary<string, object>
            {
                ["legend"] = "red: tumour outside the zone; yellow: margin 0-5 mm; green: margin 5 mm or more",
                ["a0Mm"] = Math.Round(result.A0Mm, 2),
            },
        });
        var zoneMap = new LabelMap(result.ZoneMask, new SegmentTable([new SegmentInfo(1, "ablation zone", [0.35f, 0.55f, 0.95f, 0.35f])]));
        foreach (Mesh m in LabelMeshes.Build(zoneMap, MeshingOptions.Default)) scene.Meshes.Add(new SceneMesh(m.Name, m, [0.35f, 0.55f, 0.95f, 0.35f]));
        GlbWriter.WriteFile(scene, path);
    }
}
