using System.Diagnostics;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Meshing;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.App.Cases;

/// <summary>
/// Turns a DICOM series into a case folder: import, segment, mesh and plan, writing volume.nrrd,
/// labels.seg.nrrd, anatomy.glb and case.json. This is the path `surgicalnav case` and the demo share.
/// </summary>
public static class CaseBuilder
{
    /// <summary>What a build produced, for the CLI to print.</summary>
    public sealed record Result(CaseDocument Document, LabelMap Labels, long Voxels, int Triangles, int Candidates, IReadOnlyList<string> Warnings);

    /// <summary>Runs the pipeline. Progress lines go to <paramref name="progress"/>.</summary>
    public static async Task<Result> BuildAsync(
        string dicomPath, string caseDirectory, IReadOnlyList<SegmentSeed> seeds, IComputeBackend backend,
        Action<string> progress, IDictionary<string, double>? stageSeconds = null, string? seriesUid = null, CancellationToken ct = default,
        StageMemory? memory = null)
    {
        var stages = stageSeconds ?? new Dictionary<string, double>();
        var warnings = new List<string>();
        Directory.CreateDirectory(caseDirectory);

        // The CT volume lives only inside ImportAndSegmentAsync: once it is segmented and saved, meshing and planning
        // need the labels alone, so the largest buffer is unreachable before the mesh stage allocates.
        (SegmentationReport seg, VolumeInfo info, ImageGeometry geometry) = await ImportAndSegmentAsync(
            dicomPath, caseDirectory, seriesUid, seeds, backend, progress, stages, warnings, memory, ct).ConfigureAwait(false);

        memory?.Begin("mesh");
        var meshing = MeshingOptions.Default;
        (IReadOnlyList<Mesh> meshes, double meshSeconds) = PipelineStages.Mesh(seg.Labels, meshing, Path.Combine(caseDirectory, CaseStore.AnatomyFile));
        stages["mesh"] = Math.Round(meshSeconds, 3);
        int triangles = meshes.Sum(m => m.TriangleCount);
        progress($"mesh: {meshes.Count} segments, {triangles} triangles, {meshSeconds:0.00} s");

        memory?.Begin("plan");
        (Plan plan, int candidates, double planSeconds) = PipelineStages.Plan(seg.Labels, new PlanningOptions());
        stages["plan"] = Math.Round(planSeconds, 3);
        foreach (Trajectory t in plan.Trajectories)
        {
            progress($"plan: {t.Name}: {t.LengthMm:0.0} mm, clearance {t.DescribeClearances()}{(t.Warning is null ? "" : " - " + t.Warning)}");
        }
        if (plan.Targets.Count == 0) progress("plan: no tumour segmented, so no trajectory was planned");

        long[] histogram = seg.Labels.Histogram();
        double voxelMl = geometry.VoxelVolumeMm3 / 1000;
        var segments = seg.Labels.Segments.Segments.Select(s => new SegmentSummary(
            s.Value, s.Name, s.Color, histogram[s.Value], Math.Round(histogram[s.Value] * voxelMl, 2),
            meshes.FirstOrDefault(m => m.Name == s.Name)?.TriangleCount ?? 0)).ToList();
        var document = new CaseDocument(
            CaseDocument.CurrentFormatVersion, Path.GetFileName(Path.GetFullPath(caseDirectory)), Path.GetFullPath(dicomPath),
            info, segments, plan, backend.Name, new Dictionary<string, double>(stages));
        CaseStore.Save(caseDirectory, document);
        memory?.Begin(null);
        return new Result(document, seg.Labels, geometry.VoxelCount, triangles, candidates, warnings);
    }

    private static async Task<(SegmentationReport Seg, VolumeInfo Info, ImageGeometry Geometry)> ImportAndSegmentAsync(
        string dicomPath, string caseDirectory, string? seriesUid, IReadOnlyList<SegmentSeed> seeds, IComputeBackend backend, Action<string> progress,
        IDictionary<string, double> stages, List<string> warnings, StageMemory? memory, CancellationToken ct)
    {
        memory?.Begin("import");
        progress($"import: reading {dicomPath}");
        (DicomSeriesResult series, VolumeInfo info, double importSeconds) = await PipelineStages.ImportAsync(dicomPath, seriesUid, ct).ConfigureAwait(false);
        warnings.AddRange(series.Warnings);
        foreach (string w in series.Warnings) progress($"import: warning: {w}");
        stages["import"] = Math.Round(importSeconds, 3);
        progress($"import: {series.FileCount} files, {info.Dimensions[0]}x{info.Dimensions[1]}x{info.Dimensions[2]} voxels, {importSeconds:0.00} s");

        memory?.Begin("segment");
        var clock = Stopwatch.StartNew();
        SegmentationReport seg = PipelineStages.Segment(series.Volume, seeds, backend, progress);
        warnings.AddRange(seg.Warnings);
        foreach (string w in seg.Warnings) progress($"segment: warning: {w}");
        PipelineStages.SaveVolumes(caseDirectory, series.Volume, seg.Labels);
        stages["segment"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        progress($"segment: done in {clock.Elapsed.TotalSeconds:0.00} s on {backend.Name}");

        return (seg, info, series.Volume.Geometry);
    }
}
