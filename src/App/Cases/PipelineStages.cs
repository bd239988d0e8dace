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
    public static Task<(DicomSeriesResult Series, VolumeInfo Info, double Seconds)> ImportAsync(string path, string? seriesUid, CancellationToken ct) =>
        ImportAsync(path, new DicomLoadOptions { SeriesUid = seriesUid }, ct);

    /// <summary>Reads a DICOM series chosen and limited by <paramref name="options"/> and describes it.</summary>
    public static async Task<(DicomSeriesResult Series, VolumeInfo Info, double Seconds)> ImportAsync(string path, DicomLoadOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        DicomSeriesResult series = await DicomSeries.LoadAsync(path, options, ct).ConfigureAwait(false);
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

    /// <summary>
    /// Meshes every segment at full resolution, decimates to the options' budget, and writes the GLB (metres, +Y
    /// up) atomically. A segment of the table without voxels gets an empty mesh and node, in table order.
    /// </summary>
    public static (IReadOnlyList<Mesh> Meshes, double Seconds) Mesh(LabelMap labels, MeshingOptions options, string glbPath)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Mesh> built = LabelMeshes.Build(labels, options);
        var meshes = labels.Segments.Segments.Where(s => s.Value != 0)
            .Select(s => built.FirstOrDefault(m => m.Name == s.Name) ?? new Mesh(s.Name, s.Color, [], [], []))
            .ToList();
        GlbWriter.WriteFile(Scene.FromMeshes(ForExport(meshes, options), labels.Segments), glbPath);
        return (meshes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The meshes as the GLB gets them: split into connected parts and/or with normals split at sharp edges, as the options ask.</summary>
    public static IEnumerable<Mesh> ForExport(IEnumerable<Mesh> meshes, MeshingOptions options)
    {
        IEnumerable<Mesh> export = meshes;
        if (options.SplitParts) export = export.SelectMany(m => m.TriangleCount == 0 ? [m] : MeshComponents.Split(m));
        if (options.FeatureAngleDeg < 180) export = export.Select(m => FeatureNormals.Split(m, options.FeatureAngleDeg));
        return export;
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
}
