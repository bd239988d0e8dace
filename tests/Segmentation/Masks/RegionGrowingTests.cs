using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Masks;

public class RegionGrowingTests
{
    private static Volume<short> Image(int n, Func<int, int, int, short> value)
    {
        var v = new Volume<short>(ImageGeometry.Axial(new Int3(n, n, n), new Vec3(1, 1, 1), Vec3.Zero));
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) v[i, j, k] = value(i, j, k);
        return v;
    }

    private static bool InBox(int i, int j, int k) => i is >= 4 and <= 12 && j is >= 5 and <= 10 && k is >= 3 and <= 14;

    /// <summary>Box values vary across 100..120; outside alternates between 99 and 121, just outside the range.</summary>
    private static Volume<short> BoxImage() =>
        Image(18, (i, j, k) => InBox(i, j, k) ? (short)(100 + (i + 2 * j + 3 * k) % 21) : (short)((i + j + k) % 2 == 0 ? 99 : 121));

    [Test]
    public void Grow_BoxOfValueRange_GrowsExactlyTheBox()
    {
        Volume<short> image = BoxImage();
        Volume<byte> output = image.CreateLike<byte>();

        long grown = RegionGrowing.Grow(image, [new Int3(8, 7, 9)], 100, 120, output);

        bool exact = true;
        for (int k = 0; k < 18; k++) for (int j = 0; j < 18; j++) for (int i = 0; i < 18; i++) exact &= (output[i, j, k] != 0) == InBox(i, j, k);
        Assert.Multiple(() =>
        {
            Assert.That(grown, Is.EqualTo(9 * 6 * 12));
            Assert.That(MaskBuilder.Count(output), Is.EqualTo(9 * 6 * 12));
            Assert.That(exact, Is.True, "grown voxels are exactly the box");
        });
    }

    [Test]
    public void Grow_SeedOutsideRange_GrowsNothing()
    {
        Volume<short> image = BoxImage();
        Volume<byte> output = image.CreateLike<byte>();

        long grown = RegionGrowing.Grow(image, [new Int3(0, 0, 0)], 100, 120, output);

        Assert.Multiple(() =>
        {
            Assert.That(grown, Is.EqualTo(0));
            Assert.That(MaskBuilder.Count(output), Is.EqualTo(0));
        });
    }

    [Test]
    public void Grow_WithConstraint_StopsAtConstraintBoundary()
    {
        Volume<short> image = BoxImage();
        Volume<byte> output = image.CreateLike<byte>();
        Volume<byte> constraint = image.CreateLike<byte>();
        // Allow only x <= 7 (plus an island at x >= 10 that is in range but not connected through allowed voxels).
        MaskBuilder.Box(constraint, new Int3(0, 0, 0), new Int3(7, 17, 17));
        MaskBuilder.Box(constraint, new Int3(10, 0, 0), new Int3(17, 17, 17));

        long grown = RegionGrowing.Grow(image, [new Int3(5, 7, 9)], 100, 120, output, constraint);

        bool exact = true;
        for (int k = 0; k < 18; k++) for (int j = 0; j < 18; j++) for (int i = 0; i < 18; i++) exact &= (output[i, j, k] != 0) == (InBox(i, j, k) && i <= 7);
        Assert.Multiple(() =>
        {
            Assert.That(grown, Is.EqualTo(4 * 6 * 12));
            Assert.That(exact, Is.True, "grown voxels are the box's part with x <= 7");
        });
    }

    [Test]
    public void ConfidenceConnected_NoisySphere_RecoversItWithDiceAbove097()
    {
        const int n = 40;
        const double radius = 12, c = 19.5;
        var rng = new Random(7);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        static bool Inside(int i, int j, int k) => (i - c) * (i - c) + (j - c) * (j - c) + (k - c) * (k - c) <= radius * radius;
        Volume<short> image = Image(n, (i, j, k) => (short)Math.Round((Inside(i, j, k) ? 100 : 0) + 10 * Gauss()));
        Volume<byte> output = image.CreateLike<byte>();

        (double mean, double low, double high) = RegionGrowing.ConfidenceConnected(image, [new Int3(20, 20, 20)], output, new ConfidenceOptions());

        long both = 0, a = 0, b = 0;
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++)
        {
            bool x = output[i, j, k] != 0, y = Inside(i, j, k);
            if (x) a++;
            if (y) b++;
            if (x && y) both++;
        }
        double dice = 2.0 * both / (a + b);
        Assert.Multiple(() =>
        {
            Assert.That(dice, Is.GreaterThan(0.97));
            // The final interval is centred on the sphere's HU (100 ± 5) and excludes the background (0 HU).
            Assert.That(mean, Is.EqualTo(100).Within(5));
            Assert.That(low, Is.GreaterThan(0).And.LessThan(100));
            Assert.That(high, Is.GreaterThan(100));
        });
    }
}
