using System.Diagnostics;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Planning;
using SurgicalNav.Rendering;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Meshing;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.App.Cases;

/// <summary>The pipeline's stages as the CLI commands and the case builder call them; each returns what it made and how long it took.</summary>
public static class PipelineStages
{
    /// <summary>Reads a DICOM series and describes it.</summary>
    public static async Task<(DicomSeriesResult Series, VolumeInfo Info, double Seconds)> ImportAsync(string path, string? seriesUid, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        DicomSeriesResult series = await DicomSeries.LoadAsync(path, new DicomLoadOptions { SeriesUid = seriesUid }, ct).ConfigureAwait(false);
        return (series, Describe(series.Volume, series.SeriesInstanceUid, series.Modality), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Geometry and value range of a volume, in the shape import --json prints.</summary>
    public static VolumeInfo Describe(Volume<short> volume, string seriesUid, string modality)
    {
        short min = short.MaxValue, max = short.MinValue;
        foreach (short v in volume.Voxels)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        ImageGeometry g = volume.Geometry;
        return new VolumeInfo(g.Dimensions.ToArray(), g.SpacingMm.ToArray(), g.OriginMm.ToArray(), g.Direction.ToRowMajor(), seriesUid, modality, min, max);
    }

    /// <summary>Runs the abdomen CT preset.</summary>
    public static SegmentationReport Segment(Volume<short> ct, IReadOnlyList<SegmentSeed> seeds, IComputeBackend backend, Action<string> progress) =>
        AbdomenCtPreset.Run(ct, seeds, backend, progress);

    /// <summary>The voxel stride for headset meshes: about 1.5 mm, never finer than the image.</summary>
    public static int DefaultMeshStep(ImageGeometry g) =>
        Math.Max(1, (int)Math.Round(1.5 / Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z))));

    /// <summary>Meshes every segment and writes the GLB (metres, +Y up) atomically.</summary>
    public static (IReadOnlyList<Mesh> Meshes, double Seconds) Mesh(LabelMap labels, MeshingOptions options, string glbPath)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Mesh> meshes = LabelMeshes.Build(labels, options);
        GlbWriter.WriteFile(Scene.FromMeshes(meshes, labels.Segments), glbPath);
        return (meshes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Suggests one needle per tumour, largest first, on the skin-entry suggester. A label map without tumours gives a plan without trajectories.</summary>
    public static (Plan Plan, int Candidates, double Seconds) Plan(LabelMap labels, PlanningOptions options)
    {
        var clock = Stopwatch.StartNew();
        if (labels.Segments.Find("tumor") is null || TargetFinder.FromSegment(labels, "tumor").Count == 0)
        {
            return (new Plan([], [], options.MarginMm, new Dictionary<string, double>(PlanRequest.DefaultOrgansAtRisk)), 0, clock.Elapsed.TotalSeconds);
        }
        var request = new PlanRequest(Needle: NeedleModel.Default with { LengthMm = options.NeedleLengthMm }, MarginMm: options.MarginMm);
        PlanOutcome outcome = AblationPlanner.Make(labels, request);
        return (outcome.Plan, outcome.Candidates, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the volume (raw NRRD, fast) and labels (seg.nrrd, gzip) into a case folder.</summary>
    public static void SaveVolumes(string caseDirectory, Volume<short> volume, LabelMap labels)
    {
        NrrdFile.Write(Path.Combine(caseDirectory, CaseStore.VolumeFile), volume);
        SegNrrd.Write(Path.Combine(caseDirectory, CaseStore.LabelsFile), labels);
    }
}
