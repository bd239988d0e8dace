using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Bench.Rows;

/// <summary>Exact EDT in mm to bone and vessels vs scipy.ndimage.distance_transform_edt(sampling=spacing).</summary>
internal sealed class EdtRow : BenchRow
{
    private const double ToleranceMm = 1e-3;
    private Volume<float>? _checked;

    public override string Name => "edt";
    public override bool UsesBackend => true;
    public override string CheckText => $"max |ours - scipy| < {ToleranceMm} mm over every voxel";
    public override string Describe(BenchContext c) => $"distance in mm to bone+vessels on {c.Work.Size}, anisotropic spacing";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) =>
        [new("scipy", "edt", new { mask = RawFile.Spec(c.Work.PathOf("structures"), "uint8", c.Work.ShapeZyx) }, new { spacing_zyx = c.Work.SpacingZyx }, Dump: true)];

    public override OursRun Ours(BenchContext c)
    {
        var mask = c.Work.Mask("structures");
        var clock = Stopwatch.StartNew();
        Volume<float> d = DeviceKernel.OnDevice(c)
            ? DeviceKernel.Run<byte, float>(c.Backend, mask, (m, o) => c.Backend.DistanceTransform(m, signed: false, o))
            : DistanceTransform.Unsigned(mask);
        double s = clock.Elapsed.TotalSeconds;
        _checked ??= d; // the warm-up result is the one compared in full
        return new OursRun(s, new Dictionary<string, double>());
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        if (dumpPath is null || _checked is null) yield break;
        float[] theirs = RawFile.Read<float>(dumpPath, c.Work.Geometry.VoxelCount);
        float[] mine = _checked.Data;
        double worst = 0;
        long worstAt = 0;
        for (long n = 0; n < mine.Length; n++)
        {
            double diff = Math.Abs((double)mine[n] - theirs[n]);
            if (!(diff <= worst)) { worst = diff; worstAt = n; } // NaN counts as worst
        }
        if (!(worst < ToleranceMm))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"max difference {worst:G4} mm at voxel {worstAt} (ours {mine[worstAt]}, scipy {theirs[worstAt]})");
        }
    }

    public override void Release() => _checked = null;
}
