using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Bench.Rows;

/// <summary>Spherical dilation of the vessel mask by 3 mm vs scipy.ndimage.binary_dilation with a ball structuring element.</summary>
internal sealed class DilationRow : BenchRow
{
    private const double RadiusMm = 3;

    public override string Name => "dilate";
    public override bool UsesBackend => true;
    public override string CheckText => "dilated voxel count and index sum exact";
    public override string Describe(BenchContext c) => $"vessel mask on {c.Work.Size} dilated by {RadiusMm} mm (ball)";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) =>
        [new("scipy", "dilate", new { mask = RawFile.Spec(c.Work.PathOf("vessels"), "uint8", c.Work.ShapeZyx) }, new { radius_mm = RadiusMm, spacing_zyx = c.Work.SpacingZyx })];

    public override OursRun Ours(BenchContext c)
    {
        var mask = c.Work.Mask("vessels");
        var clock = Stopwatch.StartNew();
        Volume<byte> grown = DeviceKernel.OnDevice(c)
            ? DeviceKernel.Run<byte, byte>(c.Backend, mask, (m, o) => c.Backend.Morphology(m, MorphologyOperation.Dilate, RadiusMm, o))
            : MaskOps.Dilate(mask, RadiusMm);
        double s = clock.Elapsed.TotalSeconds;
        return new OursRun(s, MaskChecks.Of(grown.Data));
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) =>
        MaskChecks.Compare(ours.Check, reply);
}
