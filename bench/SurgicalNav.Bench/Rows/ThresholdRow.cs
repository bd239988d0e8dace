using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging;

namespace SurgicalNav.Bench.Rows;

/// <summary>Threshold 150..3071 HU into a mask on the selected backend vs numpy comparisons.</summary>
internal sealed class ThresholdRow : BenchRow
{
    private Volume<byte>? _out;

    public override string Name => "threshold";
    public override bool UsesBackend => true;
    public override string CheckText => "mask voxel count and index sum exact";
    public override string Describe(BenchContext c) => $"CT {c.Work.Size} int16, 150..3071 HU -> uint8 mask";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) =>
        [new("numpy", "threshold", new { volume = RawFile.Spec(c.Work.PathOf("hu"), "int16", c.Work.ShapeZyx) }, new { low = 150, high = 3071 })];

    public override OursRun Ours(BenchContext c)
    {
        Volume<short> hu = c.Work.Hounsfield;
        _out ??= new Volume<byte>(hu.Geometry);
        var clock = Stopwatch.StartNew();
        c.Backend.Threshold(hu, 150, 3071, _out);
        double s = clock.Elapsed.TotalSeconds;
        return new OursRun(s, MaskChecks.Of(_out.Data));
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) =>
        MaskChecks.Compare(ours.Check, reply);

    public override void Release() => _out = null;
}
