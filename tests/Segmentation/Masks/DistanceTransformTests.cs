using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Masks;

public class DistanceTransformTests
{
    private const double ToleranceMm = 1e-3;
    private static readonly Vec3 Spacing = new(0.7, 1.1, 2.3);

    private static Volume<byte> RandomMask(int seed, double density)
    {
        var rng = new Random(seed);
        Volume<byte> m = MaskBuilder.Empty(17, 13, 11, Spacing);
        for (int n = 0; n < m.Data.Length; n++) m.Data[n] = rng.NextDouble() < density ? (byte)1 : (byte)0;
        return m;
    }

    /// <summary>Brute-force distance in mm from each voxel centre to the nearest voxel centre where want(value) holds.</summary>
    private static double[] BruteForce(Volume<byte> m, Func<byte, bool> want)
    {
        Int3 d = m.Dimensions;
        var targets = new List<(int I, int J, int K)>();
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++) if (want(m[i, j, k])) targets.Add((i, j, k));
        var result = new double[m.Data.Length];
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        for (int i = 0; i < d.X; i++)
        {
            double best = double.PositiveInfinity;
            foreach ((int ti, int tj, int tk) in targets)
            {
                double dx = (i - ti) * Spacing.X, dy = (j - tj) * Spacing.Y, dz = (k - tk) * Spacing.Z;
                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
            }
            result[m.Geometry.Linear(i, j, k)] = Math.Sqrt(best);
        }
        return result;
    }

    [TestCase(1, 0.003)]
    [TestCase(2, 0.01)]
    [TestCase(3, 0.05)]
    [TestCase(4, 0.2)]
    public void Unsigned_RandomSparseMaskAnisotropic_MatchesBruteForceWithin1e3Mm(int seed, double density)
    {
        Volume<byte> m = RandomMask(seed, density);
        Assume.That(MaskBuilder.Count(m), Is.GreaterThan(0));
        double[] expected = BruteForce(m, v => v != 0);

        float[] actual = DistanceTransform.Unsigned(m).Data;

        double worst = 0;
        for (int n = 0; n < actual.Length; n++) worst = Math.Max(worst, Math.Abs(actual[n] - expected[n]));
        Assert.That(worst, Is.LessThan(ToleranceMm));
    }

    [Test]
    public void Unsigned_SingleCornerVoxel_FarCornerIsDiagonalLength()
    {
        Volume<byte> m = MaskBuilder.Empty(17, 13, 11, Spacing);
        m[0, 0, 0] = 1;

        Volume<float> d = DistanceTransform.Unsigned(m);

        double diagonal = new Vec3(16 * 0.7, 12 * 1.1, 10 * 2.3).Length;
        Assert.Multiple(() =>
        {
            Assert.That(d[0, 0, 0], Is.EqualTo(0));
            Assert.That(d[16, 12, 10], Is.EqualTo(diagonal).Within(ToleranceMm));
        });
    }

    [Test]
    public void Unsigned_EmptyMask_IsPositiveInfinityEverywhere()
    {
        Volume<float> d = DistanceTransform.Unsigned(MaskBuilder.Empty(17, 13, 11, Spacing));

        Assert.That(d.Data, Is.All.EqualTo(float.PositiveInfinity));
    }

    [TestCase(5, 0.3)]
    [TestCase(6, 0.7)]
    public void Signed_RandomMask_NegativeInsidePositiveOutsideMatchingBruteForce(int seed, double density)
    {
        Volume<byte> m = RandomMask(seed, density);
        double[] toInside = BruteForce(m, v => v != 0), toOutside = BruteForce(m, v => v == 0);

        float[] actual = DistanceTransform.Signed(m).Data;

        double worst = 0;
        bool signsOk = true;
        for (int n = 0; n < actual.Length; n++)
        {
            bool inside = m.Data[n] != 0;
            double expected = inside ? -toOutside[n] : toInside[n];
            worst = Math.Max(worst, Math.Abs(actual[n] - expected));
            signsOk &= inside ? actual[n] < 0 : actual[n] == 0 || actual[n] > 0;
        }
        Assert.Multiple(() =>
        {
            Assert.That(worst, Is.LessThan(ToleranceMm));
            Assert.That(signsOk, Is.True, "every inside voxel is negative and every outside voxel positive");
        });
    }
}
