using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.Segmentation.Tests.Presets;

/// <summary>
/// The preset works on the box around the body (plus two smoothing radii) instead of the whole field of view. These
/// tests pin that the box changes nothing: a scan with a wide border of air gives the same labels as the scan alone.
/// </summary>
public class AbdomenCtBoxTests
{
    private const int Border = 17;

    private static PhantomResult Phantom() => AbdomenPhantom.Generate(new PhantomOptions(new Int3(96, 96, 64), Seed: 4));

    private static List<SegmentSeed> Seeds(PhantomResult p) =>
        [.. p.Truth.SeedsMm.Where(s => s.Key == "liver" || s.Key.StartsWith("tumor", StringComparison.Ordinal))
            .Select(s => new SegmentSeed(s.Key.StartsWith("tumor", StringComparison.Ordinal) ? "tumor" : s.Key, s.Value))];

    /// <summary>The scan inside a wider field of view of air (-1000 HU), at the same patient positions.</summary>
    private static Volume<short> InAir(Volume<short> ct)
    {
        ImageGeometry g = ct.Geometry;
        var wider = new ImageGeometry(new Int3(g.Dimensions.X + 2 * Border, g.Dimensions.Y + 2 * Border, g.Dimensions.Z),
            g.SpacingMm, g.IndexToPatient(-Border, -Border, 0), g.Direction);
        var padded = new Volume<short>(wider);
        Array.Fill(padded.Data, (short)-1000);
        new VoxelBox(new Int3(Border, Border, 0), g.Dimensions).Paste(ct, padded);
        return padded;
    }

    [Test]
    public void Run_ScanInWideBorderOfAir_SameLabelsAsTheScanAlone()
    {
        PhantomResult p = Phantom();
        using var backend = new CpuBackend();
        LabelMap alone = AbdomenCtPreset.Run(p.Hounsfield, Seeds(p), backend).Labels;

        Volume<short> padded = InAir(p.Hounsfield);
        LabelMap wide = AbdomenCtPreset.Run(padded, Seeds(p), backend).Labels;

        var inner = new VoxelBox(new Int3(Border, Border, 0), p.Hounsfield.Dimensions);
        Assert.Multiple(() =>
        {
            Assert.That(inner.Copy(wide.Labels).Data, Is.EqualTo(alone.Labels.Data), "every voxel of the scan gets the same label");
            Assert.That(wide.Labels.Data.Count(v => v != 0), Is.EqualTo(alone.Labels.Data.Count(v => v != 0)), "nothing is labelled in the added air");
        });
    }

    [Test]
    public void Prepare_ScanInWideBorderOfAir_BoxHoldsTheBodyAndLeavesMostAirOut()
    {
        PhantomResult p = Phantom();
        AbdomenCtScan scan = AbdomenCtPreset.Prepare(InAir(p.Hounsfield), Seeds(p));

        Assert.Multiple(() =>
        {
            Assert.That(scan.Box.Lo.X, Is.GreaterThanOrEqualTo(Border - 1), "the air border is left out");
            Assert.That(scan.Box.VoxelCount, Is.LessThan(scan.ScanGeometry.VoxelCount * 0.75));
            Assert.That(scan.ScanGeometry.Dimensions, Is.EqualTo(new Int3(96 + 2 * Border, 96 + 2 * Border, 64)));
        });
    }

    [Test]
    public void Run_PreparedScanTwice_SecondRunRefusedWithWhatToDo()
    {
        PhantomResult p = Phantom();
        using var backend = new CpuBackend();
        AbdomenCtScan scan = AbdomenCtPreset.Prepare(p.Hounsfield, Seeds(p));
        AbdomenCtPreset.Run(scan, backend);

        var e = Assert.Throws<InvalidOperationException>(() => AbdomenCtPreset.Run(scan, backend));
        Assert.That(e!.Message, Does.Contain("prepare the CT again"));
    }
}
