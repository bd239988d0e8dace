using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Rendering;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.App.Commands;

/// <summary>`mesh labels.seg.nrrd --out anatomy.glb [--smooth N] [--max-error-mm E | --max-triangles T] [--json]`: one closed surface per segment as GLB.</summary>
public static class MeshCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "mesh labels.seg.nrrd|.nii.gz --out anatomy.glb [--smooth N] [--max-error-mm E | --max-triangles T] [--feature-angle DEG] [--split] [--stl DIR] [--obj DIR] [--json]   closed surface per segment, GLB in metres, STL/OBJ in mm";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("mesh", args, ["out", "smooth", "max-error-mm", "max-triangles", "feature-angle", "stl", "obj"], ["json", "split"]);
        string input = a.Positional("label map (.seg.nrrd) to mesh");
        string output = a.Required("out", "the .glb file to write");
        LabelMap labels = SegNrrd.Read(input);
        bool errorGiven = a.Option("max-error-mm") is not null;
        if (errorGiven && a.Option("max-triangles") is not null)
        {
            throw new UsageException("mesh: give --max-error-mm or --max-triangles, not both");
        }
        var options = new MeshingOptions
        {
            SmoothingIterations = a.Int("smooth", MeshingOptions.Default.SmoothingIterations, 0, 500),
            MaxErrorMm = errorGiven ? a.Double("max-error-mm", 0.5, 0, 100) : double.PositiveInfinity,
            MaxTriangles = errorGiven ? 0 : a.Int("max-triangles", MeshingOptions.Default.MaxTriangles, 0, int.MaxValue),
            FeatureAngleDeg = a.Double("feature-angle", MeshingOptions.Default.FeatureAngleDeg, 0, 180),
            SplitParts = a.Flag("split"),
        };
        (IReadOnlyList<Mesh> meshes, double seconds) = PipelineStages.Mesh(labels, options, output);
        ExportForPrinting(meshes, a.Option("stl"), a.Option("obj"));
        var segments = meshes.Select(m =>
        {
            SegmentInfo? info = labels.Segments.Find(m.Name);
            (double meanMm, double maxMm) = info is null ? (double.NaN, double.NaN) : BoundaryDistance.Measure(m, labels, info.Value);
            if (m.TriangleCount == 0) Output.Progress($"mesh: warning: segment '{m.Name}' has no voxels in {input}; its node is empty");
            return new
            {
                m.Name,
                triangles = m.TriangleCount,
                vertices = m.VertexCount,
                watertight = MeshMetrics.IsWatertight(m),
                parts = MeshComponents.Count(m),
                // Genus of a closed orientable surface with one part; several parts lower it (χ = 2 per sphere).
                genus = (2 - MeshMetrics.EulerCharacteristic(m)) / 2.0,
                volumeMl = Math.Round(MeshMetrics.EnclosedVolumeMm3(m) / 1000.0, 3),
                // Distance of the vertices from the faces of the segment's voxels, in mm.
                boundaryMeanMm = Math.Round(meanMm, 3),
                boundaryMaxMm = Math.Round(maxMm, 3),
            };
        }).ToList();
        if (a.Flag("json")) Output.Json(new { segments, triangles = meshes.Sum(m => m.TriangleCount), maxTriangles = options.MaxTriangles, maxErrorMm = double.IsFinite(options.MaxErrorMm) ? options.MaxErrorMm : (double?)null, seconds = Math.Round(seconds, 3), @out = Path.GetFullPath(output) });
        else
        {
            foreach (var s in segments) Output.Result($"{s.Name,-8} {s.triangles,9} triangles{(s.watertight ? "" : "  (not watertight)")}");
            Output.Result($"mesh: wrote {output} in {seconds:0.00} s");
        }
        return 0;
    }

    /// <summary>One binary STL and/or one OBJ+MTL per non-empty segment, in patient LPS mm, named after the segment.</summary>
    private static void ExportForPrinting(IReadOnlyList<Mesh> meshes, string? stlDirectory, string? objDirectory)
    {
        if (stlDirectory is not null) Directory.CreateDirectory(stlDirectory);
        foreach (Mesh mesh in meshes)
        {
            if (mesh.TriangleCount == 0) continue;
            string stem = ObjWriter.SafeName(mesh.Name);
            if (stlDirectory is not null) StlWriter.WriteFile(mesh, Path.Combine(stlDirectory, stem + ".stl"));
            if (objDirectory is not null) ObjWriter.WriteFiles(mesh, objDirectory, stem);
        }
    }
}
