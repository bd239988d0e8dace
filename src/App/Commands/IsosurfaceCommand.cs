using System.Diagnostics;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Rendering;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.App.Commands;

/// <summary>`isosurface volume.nrrd --hu 300 --out bone.glb [--json]`: the surface where a CT crosses an iso-value in HU, as GLB.</summary>
public static class IsosurfaceCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "isosurface volume.nrrd|.nii.gz --hu 300 --out bone.glb [--json]   CT isosurface at an HU value, GLB in metres";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("isosurface", args, ["out", "hu"], ["json"]);
        string input = a.Positional("CT volume (.nrrd, .nii or .nii.gz; HU) to contour");
        string output = a.Required("out", "the .glb file to write");
        double hu = a.Double("hu", 300, -32768, 32767);
        Volume<short> ct = VolumeFile.Read<short>(input);
        var clock = Stopwatch.StartNew();
        Mesh mesh = Isosurface.Extract(ct, hu, $"isosurface {hu:0.#} HU", [0.93f, 0.89f, 0.8f]);
        double seconds = clock.Elapsed.TotalSeconds;
        GlbWriter.WriteFile(Scene.FromMeshes([mesh]), output);
        bool watertight = MeshMetrics.IsWatertight(mesh);
        if (a.Flag("json"))
        {
            Output.Json(new
            {
                hu,
                triangles = mesh.TriangleCount,
                vertices = mesh.VertexCount,
                watertight,
                voxelsPerSecond = Math.Round(ct.Geometry.VoxelCount / seconds),
                trianglesPerSecond = Math.Round(mesh.TriangleCount / seconds),
                seconds = Math.Round(seconds, 3),
                @out = Path.GetFullPath(output),
            });
        }
        else
        {
            if (mesh.TriangleCount == 0) Output.Progress($"isosurface: warning: no voxel of {input} reaches {hu:0.#} HU; wrote an empty mesh");
            Output.Result($"isosurface: {mesh.TriangleCount} triangles{(watertight ? "" : " (not watertight)")} at {hu:0.#} HU in {seconds:0.00} s; wrote {output}");
        }
        return 0;
    }
}
