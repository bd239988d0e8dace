using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Intensity isosurface at 300 HU of the CT: our marching cubes (flying-edges passes, no normals) vs
/// vtkFlyingEdges3D (normals, gradients and scalars off) and skimage.measure.marching_cubes (Lewiner), all on the
/// CT padded by one voxel below the iso-value so every surface closes at the image border. All three are
/// marching-cubes-type: they cut the same cell edges and differ only in how ambiguous faces are split, so the
/// triangle counts must agree within ±1 %.
/// </summary>
internal sealed class IsosurfaceRow : BenchRow
{
    private const double Iso = 300, Tolerance = 0.01;
    private double? _watertight;

    public override string Name => "isosurface";
    public override string CheckText => $"triangle count within ±{Tolerance:P0} of each anchor's (all marching-cubes-type); ours closed";
    public override string Describe(BenchContext c) => $"CT {c.Work.Size} int16, isosurface at {Iso:0} HU";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c)
    {
        var inputs = new { volume = RawFile.Spec(c.Work.PathOf("hu"), "int16", c.Work.ShapeZyx) };
        var p = new { iso = Iso, spacing_zyx = c.Work.SpacingZyx, origin_zyx = c.Work.OriginZyx };
        return [new("vtk", "flying_edges", inputs, p), new("skimage", "marching_cubes", inputs, p)];
    }

    public override OursRun Ours(BenchContext c)
    {
        var ct = c.Work.Hounsfield;
        var clock = Stopwatch.StartNew();
        Mesh mesh = MarchingCubes.Extract(ct, Iso, "bone", [1, 1, 1]);
        double s = clock.Elapsed.TotalSeconds;
        _watertight ??= MeshMetrics.IsWatertight(mesh) ? 1 : 0;
        return new OursRun(s, new Dictionary<string, double>
        {
            ["triangles"] = mesh.TriangleCount,
            ["vertices"] = mesh.VertexCount,
            ["watertight"] = _watertight.Value,
            ["voxels"] = ct.Geometry.VoxelCount,
        });
    }

    public override string Detail(OursRun ours, AnchorReply primary) => string.Create(CultureInfo.InvariantCulture,
        $"triangles ours {ours.Check["triangles"]:N0}, VTK {primary.Value("triangles"):N0}; ours {ours.Check["voxels"] / ours.Seconds / 1e6:F0} M voxels/s, {ours.Check["triangles"] / ours.Seconds / 1e6:F1} M triangles/s");

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        if (Verdict.Within("triangles", ours.Check["triangles"], reply.Value("triangles"), Tolerance) is string t) yield return t;
        if (ours.Check["watertight"] != 1) yield return "our isosurface is not closed";
    }

    public override void Release() => _watertight = null;
}
