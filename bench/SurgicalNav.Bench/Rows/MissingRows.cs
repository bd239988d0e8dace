using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Rows whose SurgicalNav side does not exist in this tree yet. They time only their anchors (once) so the bar is on
/// record; each gets a real implementation when its branch lands: replace Missing and Ours, and add Compare.
/// </summary>
internal abstract class MissingRow : BenchRow
{
    public override OursRun Ours(BenchContext c) => throw new InvalidOperationException($"{Name}: {Missing}");

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) => [];
}

/// <summary>Intensity isosurface at 300 HU of the CT vs vtkFlyingEdges3D and skimage.measure.marching_cubes.</summary>
internal sealed class IsosurfaceRow : MissingRow
{
    public override string Name => "isosurface";
    public override string CheckText => "triangle count within ±5 % of vtkFlyingEdges3D (both are marching-cubes-type)";
    public override string? Missing =>
        "not implemented yet: there is no intensity isosurface in src (SurfaceNets meshes a label mask, a different workload); flying edges lands with mesh2";
    public override string Describe(BenchContext c) => $"CT {c.Work.Size} int16, isosurface at 300 HU";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c)
    {
        var inputs = new { volume = RawFile.Spec(c.Work.PathOf("hu"), "int16", c.Work.ShapeZyx) };
        var p = new { iso = 300, spacing_zyx = c.Work.SpacingZyx, origin_zyx = c.Work.OriginZyx };
        return [new("vtk", "flying_edges", inputs, p), new("skimage", "marching_cubes", inputs, p)];
    }
}
