using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// One closed surface per label of the truth label map: our surface nets (raw, no smoothing, full resolution) vs
/// vtkDiscreteFlyingEdges3D per label. The methods place different triangles, so counts must agree within ±25 % per
/// label (surface nets gives 2 triangles per boundary voxel face, discrete flying edges 1 to 4 per boundary cell).
/// </summary>
internal sealed class LabelMeshRow : BenchRow
{
    private const double Tolerance = 0.25;
    private static readonly byte[] Values = [.. PhantomLabel.Names.Keys.Order()];

    public override string Name => "labelmesh";
    public override string CheckText => $"triangles per label within ±{Tolerance:P0} of VTK's";
    public override string Describe(BenchContext c) => $"truth labels {c.Work.Size}, {Values.Length} labels, one closed surface each";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) =>
        [new("vtk", "discrete_flying_edges", new { labels = RawFile.Spec(c.Work.PathOf("labels"), "uint8", c.Work.ShapeZyx) },
            new { labels = Values.Select(v => (int)v).ToArray(), spacing_zyx = c.Work.SpacingZyx, origin_zyx = c.Work.OriginZyx })];

    public override OursRun Ours(BenchContext c)
    {
        var labels = c.Work.Labels;
        var check = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        foreach (byte v in Values)
        {
            Mesh m = SurfaceNets.Extract(labels, v, 1, PhantomLabel.Names[v], [1, 1, 1]);
            check[v.ToString(CultureInfo.InvariantCulture)] = m.TriangleCount;
        }
        double s = clock.Elapsed.TotalSeconds;
        check["triangles"] = check.Values.Sum();
        return new OursRun(s, check);
    }

    public override string Detail(OursRun ours, AnchorReply primary) =>
        string.Create(CultureInfo.InvariantCulture, $"triangles ours {ours.Check["triangles"]:N0}, VTK {primary.Value("triangles"):N0}");

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        if (Verdict.Within("total triangles", ours.Check["triangles"], reply.Value("triangles"), Tolerance) is string t) yield return t;
        var perLabel = reply.Check["per_label"]!.AsObject();
        foreach (byte v in Values)
        {
            string key = v.ToString(CultureInfo.InvariantCulture);
            double theirs = perLabel[key]!.GetValue<double>();
            if (Verdict.Within($"{PhantomLabel.Names[v]} triangles", ours.Check[key], theirs, Tolerance) is string d) yield return d;
        }
    }
}
