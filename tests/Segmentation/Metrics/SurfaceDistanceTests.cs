using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Tests.Masks;

namespace SurgicalNav.Segmentation.Tests.Metrics;

public class SurfaceDistanceTests
{
    [Test]
    public void MeanMm_SlabsThreeSlicesApartWithTwoMmSlices_IsSixMm()
    {
        // Slabs span whole x-y planes, so their only boundary is the plane at their top (z = 9 and z = 12).
        Volume<byte> a = MaskBuilder.Empty(12, 10, 30, new Vec3(0.7, 0.8, 2)), b = MaskBuilder.Empty(12, 10, 30, new Vec3(0.7, 0.8, 2));
        MaskBuilder.Box(a, new Int3(0, 0, 0), new Int3(11, 9, 9));
        MaskBuilder.Box(b, new Int3(0, 0, 0), new Int3(11, 9, 12), 3);

        double msd = SurfaceDistance.MeanMm(a, 1, b, 3);

        Assert.That(msd, Is.EqualTo(6.0).Within(1e-4));
    }

    [Test]
    public void MeanMm_IdenticalBoxes_IsZero()
    {
        Volume<byte> a = MaskBuilder.Empty(20, 20, 20);
        MaskBuilder.Box(a, new Int3(3, 4, 5), new Int3(12, 15, 17));

        Assert.That(SurfaceDistance.MeanMm(a, 1, a, 1), Is.EqualTo(0).Within(1e-9));
    }

    [Test]
    public void MeanMm_OnlyOneEmpty_IsInfinityAndBothEmptyIsZero()
    {
        Volume<byte> a = MaskBuilder.Empty(8, 8, 8), empty = MaskBuilder.Empty(8, 8, 8);
        MaskBuilder.Box(a, new Int3(2, 2, 2), new Int3(5, 5, 5));

        Assert.That(SurfaceDistance.MeanMm(a, 1, empty, 1), Is.EqualTo(double.PositiveInfinity));
        Assert.That(SurfaceDistance.MeanMm(empty, 1, empty, 1), Is.EqualTo(0));
    }

    [Test]
    public void MeanMm_DifferentGrids_ThrowsAskingToResample()
    {
        Volume<byte> a = MaskBuilder.Empty(8, 8, 8), b = MaskBuilder.Empty(8, 8, 9);

        var e = Assert.Throws<ArgumentException>(() => SurfaceDistance.MeanMm(a, 1, b, 1));

        Assert.That(e!.Message, Does.Contain("resample"));
    }
}
