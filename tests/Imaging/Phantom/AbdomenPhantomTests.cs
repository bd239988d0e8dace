using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;

namespace SurgicalNav.Imaging.Tests.Phantom;

public class AbdomenPhantomTests
{
    private static readonly Int3 Size = new(96, 96, 64);
    private PhantomResult _phantom = null!;

    [OneTimeSetUp]
    public void GeneratePhantom() => _phantom = AbdomenPhantom.Generate(new PhantomOptions(Size, Seed: 1));

    private static string Sha256<T>(Volume<T> v) where T : unmanaged =>
        Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(v.Voxels)));

    /// <summary>HU of voxels with the label whose 6 neighbours all share it (one voxel inside, clear of partial volume).</summary>
    private static List<double> InteriorHu(PhantomResult p, byte label)
    {
        var values = new List<double>();
        Int3 d = p.Labels.Dimensions;
        for (int k = 1; k < d.Z - 1; k++)
        for (int j = 1; j < d.Y - 1; j++)
        for (int i = 1; i < d.X - 1; i++)
        {
            Volume<byte> l = p.Labels;
            if (l[i, j, k] != label) continue;
            if (l[i - 1, j, k] != label || l[i + 1, j, k] != label || l[i, j - 1, k] != label
                || l[i, j + 1, k] != label || l[i, j, k - 1] != label || l[i, j, k + 1] != label) continue;
            values.Add(p.Hounsfield[i, j, k]);
        }
        return values;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [Test]
    public void Generate_SameSeed_GivesIdenticalVoxelsAndLabels()
    {
        PhantomResult again = AbdomenPhantom.Generate(new PhantomOptions(Size, Seed: 1));

        Assert.Multiple(() =>
        {
            Assert.That(Sha256(again.Hounsfield), Is.EqualTo(Sha256(_phantom.Hounsfield)));
            Assert.That(Sha256(again.Labels), Is.EqualTo(Sha256(_phantom.Labels)));
        });
    }

    [Test]
    public void Generate_DifferentSeed_GivesDifferentVoxelsAndLabels()
    {
        PhantomResult other = AbdomenPhantom.Generate(new PhantomOptions(Size, Seed: 2));

        Assert.Multiple(() =>
        {
            Assert.That(Sha256(other.Hounsfield), Is.Not.EqualTo(Sha256(_phantom.Hounsfield)));
            Assert.That(Sha256(other.Labels), Is.Not.EqualTo(Sha256(_phantom.Labels)));
        });
    }

    [Test]
    public void Generate_Geometry_SpacingFromFieldOfViewAndCentresSymmetricAboutX0()
    {
        ImageGeometry g = _phantom.Hounsfield.Geometry;
        Vec3 first = g.IndexToPatient(0, 0, 0), last = g.IndexToPatient(Size.X - 1, Size.Y - 1, Size.Z - 1);

        Assert.Multiple(() =>
        {
            Assert.That(g.Dimensions, Is.EqualTo(Size));
            Assert.That(_phantom.Labels.Geometry, Is.EqualTo(g));
            Assert.That(g.SpacingMm.X, Is.EqualTo(400.0 / Size.X).Within(1e-12));
            Assert.That(g.SpacingMm.Y, Is.EqualTo(400.0 / Size.Y).Within(1e-12));
            Assert.That(g.SpacingMm.Z, Is.EqualTo(300.0 / Size.Z).Within(1e-12));
            Assert.That(g.Direction, Is.EqualTo(Matrix3.Identity));
            // Tolerance 1e-9 mm: centres are symmetric about x = 0 and y = 0 and span z = dz/2 .. 300 - dz/2.
            Assert.That(first.X + last.X, Is.EqualTo(0).Within(1e-9));
            Assert.That(first.Y + last.Y, Is.EqualTo(0).Within(1e-9));
            Assert.That(first.X, Is.EqualTo(-200 + g.SpacingMm.X / 2).Within(1e-9));
            Assert.That(first.Z, Is.EqualTo(g.SpacingMm.Z / 2).Within(1e-9));
            Assert.That(last.Z, Is.EqualTo(300 - g.SpacingMm.Z / 2).Within(1e-9));
        });
    }

    [TestCase(0, -1000, 30)]
    [TestCase(PhantomLabel.Liver, 105, 15)]
    [TestCase(PhantomLabel.Tumor, 45, 15)]
    [TestCase(PhantomLabel.Vessels, 180, 30)]
    [TestCase(PhantomLabel.Kidney, 125, 15)]
    public void Generate_InteriorOfLabel_HasPlausibleMedianHu(byte label, double expectedHu, double toleranceHu)
    {
        List<double> hu = InteriorHu(_phantom, label);

        Assert.That(hu, Has.Count.GreaterThan(20), "too few interior voxels to measure");
        Assert.That(Median(hu), Is.EqualTo(expectedHu).Within(toleranceHu));
    }

    [Test]
    public void Generate_InteriorOfBone_MedianAbove300Hu()
    {
        List<double> hu = InteriorHu(_phantom, PhantomLabel.Bone);

        Assert.That(hu, Has.Count.GreaterThan(20), "too few interior voxels to measure");
        Assert.That(Median(hu), Is.GreaterThan(300));
    }

    [Test]
    public void Generate_LiverInterior_NoiseStdWithin25PercentOfNoiseHu()
    {
        List<double> hu = InteriorHu(_phantom, PhantomLabel.Liver);
        double mean = hu.Average();
        double std = Math.Sqrt(hu.Sum(x => (x - mean) * (x - mean)) / (hu.Count - 1));

        Assert.That(std, Is.EqualTo(_phantom.Truth.NoiseHu).Within(25).Percent);
    }

    [Test]
    public void Generate_TruthSeeds_LieOnVoxelsWithMatchingLabel()
    {
        ImageGeometry g = _phantom.Labels.Geometry;
        byte Expected(string name) => name switch
        {
            "liver" => PhantomLabel.Liver,
            "kidney_left" or "kidney_right" => PhantomLabel.Kidney,
            "aorta" => PhantomLabel.Vessels,
            "bone" => PhantomLabel.Bone,
            "body" => PhantomLabel.Body,
            _ when name.StartsWith("tumor", StringComparison.Ordinal) => PhantomLabel.Tumor,
            _ => throw new AssertionException($"unexpected seed name '{name}'"),
        };

        Assert.That(_phantom.Truth.SeedsMm.Keys, Is.SupersetOf(new[] { "liver", "tumor", "kidney_left", "kidney_right", "aorta", "bone" }));
        Assert.Multiple(() =>
        {
            foreach ((string name, Vec3 point) in _phantom.Truth.SeedsMm)
            {
                Int3? v = g.NearestVoxel(point);
                Assert.That(v, Is.Not.Null, $"seed {name} at {point} is outside the grid");
                if (v is not Int3 q) continue;
                Assert.That(_phantom.Labels[q.X, q.Y, q.Z], Is.EqualTo(Expected(name)), $"seed {name} at {point}");
            }
        });
    }

    [Test]
    public void Generate_Tumours_LieInsideTheLiver()
    {
        ImageGeometry g = _phantom.Labels.Geometry;
        Assert.That(_phantom.Truth.Tumors, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            foreach (PhantomTumor t in _phantom.Truth.Tumors)
            {
                Int3 c = g.NearestVoxel(t.CenterMm)!.Value;
                Assert.That(_phantom.Labels[c.X, c.Y, c.Z], Is.EqualTo(PhantomLabel.Tumor), $"{t.Name} centre");
                foreach (double side in new[] { -1.0, 1.0 })
                {
                    Vec3 p = t.CenterMm + new Vec3(side * (t.RadiusMm + 2), 0, 0);
                    Int3 q = g.NearestVoxel(p)!.Value;
                    Assert.That(_phantom.Labels[q.X, q.Y, q.Z], Is.EqualTo(PhantomLabel.Liver).Or.EqualTo(PhantomLabel.Vessels),
                        $"{t.Name} at centre {side:+0;-0}(r+2 mm) along x");
                }
            }
        });
    }

    [Test]
    public void Generate_TooSmallSize_ThrowsNamingSize()
    {
        var e = Assert.Throws<ArgumentException>(() => AbdomenPhantom.Generate(new PhantomOptions(new Int3(8, 96, 64))));

        Assert.That(e!.Message, Does.Contain("8x96x64"));
    }
}
