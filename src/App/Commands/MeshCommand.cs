using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.App.Commands;

/// <summary>`mesh labels.seg.nrrd --out anatomy.glb [--step N] [--smooth N] [--json]`: one closed surface per segment as GLB.</summary>
public static class MeshCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "mesh labels.seg.nrrd --out anatomy.glb [--step N] [--smooth N] [--json]   closed surface per segment, GLB in metres";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("mesh", args, ["out", "step", "smooth"], ["json"]);
        string input = a.Positional("label map (.seg.nrrd) to mesh");
        string output = a.Required("out", "the .glb file to write");
        LabelMap labels = SegNrrd.Read(input);
        var options = new MeshingOptions
        {
            Step = a.Int("step", PipelineStages.DefaultMeshStep(labels.Geometry), 1, 16),
            SmoothingIterations = a.Int("smooth", MeshingOptions.Default.SmoothingIterations, 0, 500),
        };
        (IReadOnlyList<Mesh> meshes, double seconds) = PipelineStages.Mesh(labels, options, output);
        var segments = meshes.Select(m => new { m.Name, triangles = m.TriangleCount, vertices = m.VertexCount, watertight = MeshMetrics.IsWatertight(m) }).ToList();
        if (a.Flag("json")) Output.Json(new { segments, triangles = meshes.Sum(m => m.TriangleCount), step = options.Step, seconds = Math.Round(seconds, 3), @out = Path.GetFullPath(output) });
        else
        {
            foreach (var s in segments) Output.Result($"{s.Name,-8} {s.triangles,9} triangles{(s.watertight ? "" : "  (not watertight)")}");
            Output.Result($"mesh: wrote {output} in {seconds:0.00} s");
        }
        return 0;
    }
}
