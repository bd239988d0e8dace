using System.Diagnostics;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Segmentation.IO;
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

        // The full CT lives only inside ImportAndPrepareAsync: it is saved there and only the box around the body is
        // kept, so the largest buffer is unreachable before segmentation allocates its masks.
        (AbdomenCtScan scan, VolumeInfo info, double prepareSeconds) = await ImportAndPrepareAsync(
            dicomPath, caseDirectory, seriesUid, seeds, progress, stages, warnings, memory, ct).ConfigureAwait(false);
        // Go on from a fresh thread-pool stack: the import's completion would otherwise run the rest of the pipeline
        // inline, under the frames of the import that completed it, and their locals keep the full CT reachable.
        await Task.Yield();
        // The full CT is garbage now; hand its memory back before segmentation allocates.
        StageMemory.ReleaseFreeMemory();
        ImageGeometry geometry = scan.ScanGeometry;
        SegmentationReport seg = SegmentAndSave(scan, caseDirectory, backend, progress, prepareSeconds, stages, warnings);

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

    private static async Task<(AbdomenCtScan Scan, VolumeInfo Info, double Seconds)> ImportAndPrepareAsync(
        string dicomPath, string caseDirectory, string? seriesUid, IReadOnlyList<SegmentSeed> seeds, Action<string> progress,
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
        NrrdFile.Write(Path.Combine(caseDirectory, CaseStore.VolumeFile), series.Volume);
        AbdomenCtScan scan = AbdomenCtPreset.Prepare(series.Volume, seeds);
        return (scan, info, clock.Elapsed.TotalSeconds);
    }

    private static SegmentationReport SegmentAndSave(
        AbdomenCtScan scan, string caseDirectory, IComputeBackend backend, Action<string> progress, double prepareSeconds,
        IDictionary<string, double> stages, List<string> warnings)
    {
        var clock = Stopwatch.StartNew();
        SegmentationReport seg = AbdomenCtPreset.Run(scan, backend, progress);
        warnings.AddRange(seg.Warnings);
        foreach (string w in seg.Warnings) progress($"segment: warning: {w}");
        SegNrrd.Write(Path.Combine(caseDirectory, CaseStore.LabelsFile), seg.Labels);
        double seconds = prepareSeconds + clock.Elapsed.TotalSeconds;
        stages["segment"] = Math.Round(seconds, 3);
        progress($"segment: done in {seconds:0.00} s on {backend.Name}");
        return seg;
    }
}
