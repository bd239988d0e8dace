using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.Segmentation.Tests.Presets;

/// <summary>
/// Lungs "where the field of view holds them": the phantom's field of view has none, so lungs are checked on a
/// synthetic upper abdomen whose top slices cut through two lung bases, with bowel gas below and a small gas pocket above.
/// </summary>
public class AbdomenCtLungsTests
{
    private static readonly Vec3 Spacing = new(3, 3, 3);

    /// <summary>Truth: 1 lung, 2 large bowel gas (about 78 mL), 3 small gas pocket (about 4 mL) in the cranial half.</summary>
    private static (Volume<short> Ct, Volume<byte> Truth) UpperAbdomen()
    {
        var g = ImageGeometry.Axial(new Int3(128, 128, 80), Spacing, new Vec3(-190.5, -190.5, 1.5));
        var ct = new Volume<short>(g);
        var truth = new Volume<byte>(g);
        var random = new Random(4);
        static double Ellipsoid(Vec3 p, Vec3 c, Vec3 r) =>
            Math.Pow((p.X - c.X) / r.X, 2) + Math.Pow((p.Y - c.Y) / r.Y, 2) + Math.Pow((p.Z - c.Z) / r.Z, 2);
        for (int k = 0; k < 80; k++) for (int j = 0; j < 128; j++) for (int i = 0; i < 128; i++)
        {
            Vec3 p = g.IndexToPatient(i, j, k);
            double hu = -1000;
            byte label = 0;
            if (Math.Pow(p.X / 150, 2) + Math.Pow(p.Y / 110, 2) < 1) hu = 40;
            if (Ellipsoid(p, new Vec3(-70, 0, 200), new Vec3(45, 55, 60)) < 1 || Ellipsoid(p, new Vec3(70, 0, 200), new Vec3(45, 55, 60)) < 1) { hu = -850; label = 1; }
            if (Ellipsoid(p, new Vec3(0, 20, 60), new Vec3(30, 25, 25)) < 1) { hu = -1000; label = 2; }
            if (Ellipsoid(p, new Vec3(0, -60, 180), new Vec3(10, 10, 10)) < 1) { hu = -1000; label = 3; }
            double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 10;
            ct[i, j, k] = (short)Math.Clamp(Math.Round(hu + noise), -1024, 3071);
            truth[i, j, k] = label;
        }
        return (ct, truth);
    }

    [Test]
    public void Run_LungBasesCutByTopOfScan_FindsBothLungsAndNoBowelGas()
    {
        (Volume<short> ct, Volume<byte> truth) = UpperAbdomen();
        using var backend = new CpuBackend();

        LabelMap labels = AbdomenCtPreset.Run(ct, [], backend).Labels;

        SegmentInfo lungs = labels.Segments.Find("lungs") ?? throw new AssertionException("no lungs segment although the scan holds two lung bases");
        long gasAsLung = 0;
        for (int n = 0; n < truth.Data.Length; n++) if (truth.Data[n] >= 2 && labels.Labels.Data[n] == lungs.Value) gasAsLung++;
        double dice = Overlap.Dice(labels.Labels, lungs.Value, truth, 1);
        TestContext.Out.WriteLine($"lungs Dice {dice:F4}, gas voxels labelled lung {gasAsLung}");
        Assert.Multiple(() =>
        {
            Assert.That(dice, Is.GreaterThanOrEqualTo(0.95));
            Assert.That(gasAsLung, Is.Zero, "bowel gas and small pockets are not lung");
        });
    }

    [Test]
    public void Run_PhantomWithoutLungs_ReportsNoLungsSegment()
    {
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(96, 96, 72), Seed: 2));
        using var backend = new CpuBackend();

        LabelMap labels = AbdomenCtPreset.Run(p.Hounsfield, [], backend).Labels;

        Assert.Multiple(() =>
        {
            Assert.That(labels.Segments.Find("lungs"), Is.Null, "the phantom's field of view holds no lungs, only small gas pockets");
            Assert.That(labels.Labels.Data, Has.None.EqualTo((byte)7));
        });
    }
}
