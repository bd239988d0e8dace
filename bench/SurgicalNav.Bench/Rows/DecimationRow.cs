using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Rows;

/// <summary>Quadric edge-collapse decimation of the raw liver surface to 10 % of its triangles vs vtkQuadricDecimation.</summary>
internal sealed class DecimationRow : BenchRow
{
    private const double Reduction = 0.9, Tolerance = 0.05;
    private Mesh? _liver;

    public override string Name => "decimate";
    public override string CheckText => $"both outputs within ±{Tolerance:P0} of the requested {1 - Reduction:P0} of the input triangles; a closed input stays closed";
    public override string Describe(BenchContext c) =>
        $"liver surface nets mesh ({c.Work.Count("liver-triangles")} triangles) to 10 %";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) =>
        [new("vtk", "quadric_decimation", new
        {
            positions = RawFile.Spec(c.Work.PathOf("liver-positions"), "float32", c.Work.Count("liver-vertices"), 3),
            indices = RawFile.Spec(c.Work.PathOf("liver-indices"), "int32", c.Work.Count("liver-triangles"), 3),
        }, new { reduction = Reduction })];

    public override OursRun Ours(BenchContext c)
    {
        _liver ??= new Mesh("liver", [1, 1, 1],
            RawFile.Read<float>(c.Work.PathOf("liver-positions"), c.Work.Count("liver-vertices") * 3L),
            RawFile.Read<int>(c.Work.PathOf("liver-indices"), c.Work.Count("liver-triangles") * 3L));
        int target = (int)Math.Round(_liver.TriangleCount * (1 - Reduction));
        var clock = Stopwatch.StartNew();
        Mesh result = MeshDecimation.Decimate(_liver, target);
        double s = clock.Elapsed.TotalSeconds;
        return new OursRun(s, new Dictionary<string, double>
        {
            ["triangles"] = result.TriangleCount,
            ["input_watertight"] = MeshMetrics.IsWatertight(_liver) ? 1 : 0,
            ["watertight"] = MeshMetrics.IsWatertight(result) ? 1 : 0,
        });
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        double wanted = c.Work.Count("liver-triangles") * (1 - Reduction);
        if (Verdict.Within("our triangles", ours.Check["triangles"], wanted, Tolerance) is string mine) yield return mine;
        if (Verdict.Within("VTK triangles", reply.Value("triangles"), wanted, Tolerance) is string theirs) yield return theirs;
        // Decimation must not open a closed surface; an input that is already open cannot be held to that.
        if (ours.Check["input_watertight"] == 1 && ours.Check["watertight"] != 1) yield return "decimation opened the closed liver surface";
    }

    public override void Release() => _liver = null;
}
