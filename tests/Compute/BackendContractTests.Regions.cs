using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests;

// Bilateral filter, hole filling, seeded growing, masked statistics and GrowCut: each against a reference
// and against the CPU backend (labels identical, filtered HU within BilateralToleranceHu).
public abstract partial class BackendContractTests
{
    /// <summary>Bilateral output may differ between backends by float rounding only: at most 1 HU.</summary>
    private const int BilateralToleranceHu = 1;

    /// <summary>A noisy step edge along x at anisotropic spacing: 0 HU left, 200 HU right, Gaussian noise σ = 20 HU.</summary>
    private static Volume<short> NoisyStep(int seed)
    {
        var v = new Volume<short>(ImageGeometry.Axial(new Int3(40, 24, 16), new Vec3(0.7, 0.7, 2.0), Vec3.Zero));
        var random = new Random(seed);
        for (int k = 0; k < 16; k++) for (int j = 0; j < 24; j++) for (int i = 0; i < 40; i++)
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 20;
            v[i, j, k] = (short)Math.Round((i < 20 ? 0 : 200) + noise);
        }
        return v;
    }

    private static (double Mean, double Sd) Region(Volume<short> v, int i0, int i1)
    {
        var values = new List<double>();
        for (int k = 0; k < v.Dimensions.Z; k++) for (int j = 0; j < v.Dimensions.Y; j++) for (int i = i0; i <= i1; i++) values.Add(v[i, j, k]);
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Average(x => (x - mean) * (x - mean))));
    }

    [Test]
    public void Bilateral_NoisyStepEdge_NoiseDropsThreefoldAndEdgeStaysWithin10Hu()
    {
        Volume<short> source = NoisyStep(seed: 21);
        var filtered = source.CreateLike<short>();

        Backend.Bilateral(source, spatialSigmaMm: 1.5, rangeSigmaHu: 50, filtered);

        // Flat regions away from the edge (and from the box's reach of it) show the noise; the voxels next to
        // the edge show whether it was blurred: a Gaussian of 1.5 mm would pull them about 60 HU toward each other.
        (double _, double before) = Region(source, 2, 14);
        (double leftMean, double after) = Region(filtered, 2, 14);
        (double edgeLeft, _) = Region(filtered, 19, 19);
        (double edgeRight, _) = Region(filtered, 20, 20);
        TestContext.Out.WriteLine($"noise {before:F1} -> {after:F1} HU; edge voxels {edgeLeft:F1} / {edgeRight:F1} HU");
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.LessThan(before / 3), "noise σ must drop by at least 3x");
            Assert.That(leftMean, Is.EqualTo(0).Within(3), "flat region keeps its mean");
            Assert.That(edgeLeft, Is.EqualTo(0).Within(10), "last voxel before the edge stays within 10 HU of 0");
            Assert.That(edgeRight, Is.EqualTo(200).Within(10), "first voxel after the edge stays within 10 HU of 200");
        });
    }

    [Test]
    public void Bilateral_RandomAnisotropic_WithinOneHuOfCpu()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 22, min: -300, max: 300);
        var filtered = source.CreateLike<short>();
        var cpuFiltered = source.CreateLike<short>();

        Backend.Bilateral(source, 1.2, 80, filtered);
        using (var cpu = new CpuBackend()) cpu.Bilateral(source, 1.2, 80, cpuFiltered);

        int worst = filtered.Data.Zip(cpuFiltered.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.Multiple(() =>
        {
            Assert.That(worst, Is.LessThanOrEqualTo(BilateralToleranceHu));
            Assert.That(filtered.Data.Zip(source.Data).Count(p => p.First != p.Second), Is.GreaterThan(source.Data.Length / 2), "the filter must change most voxels to be a test");
        });
    }

    [Test]
    public void Bilateral_SigmaNeedingHugeBox_ThrowsNamingTheBox()
    {
        Volume<short> source = TestVolumes.Constant(SmallDims, new Vec3(0.5, 0.5, 0.5), 0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Backend.Bilateral(source, 5.0, 50, source.CreateLike<short>()));
        Assert.That(e!.Message, Does.Contain("41x41x41").And.Contain("smaller sigma"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void FillHoles_RandomMask_MatchesFloodFillReferenceAndCpu(bool planar)
    {
        Volume<byte> mask = MaskReferences.RandomMask(OddDims, Anisotropic, seed: planar ? 23 : 24, fraction: planar ? 0.45 : 0.6);
        var filled = mask.CreateLike<byte>();
        var cpuFilled = mask.CreateLike<byte>();

        Backend.FillHoles(mask, planar, filled);
        using (var cpu = new CpuBackend()) cpu.FillHoles(mask, planar, cpuFilled);

        byte[] expected = RegionReferences.FillHoles(mask, planar);
        Assert.Multiple(() =>
        {
            Assert.That(filled.Data, Is.EqualTo(expected));
            Assert.That(cpuFilled.Data, Is.EqualTo(expected));
            Assert.That(expected.Count(b => b != 0) - mask.Data.Count(b => b != 0), Is.GreaterThan(20), "the mask must have holes to fill to be a test");
        });
    }

    [Test]
    public void FillHoles_TubeAlongZ_PlanarFillsTheLumenButThreeDDoesNot()
    {
        var tube = new Volume<byte>(ImageGeometry.Axial(new Int3(11, 11, 6), Anisotropic, Vec3.Zero));
        for (int k = 0; k < 6; k++) for (int j = 2; j <= 8; j++) for (int i = 2; i <= 8; i++)
            tube[i, j, k] = (byte)(i == 2 || i == 8 || j == 2 || j == 8 ? 1 : 0);
        var planar = tube.CreateLike<byte>();
        var solid = tube.CreateLike<byte>();

        Backend.FillHoles(tube, planar: true, planar);
        Backend.FillHoles(tube, planar: false, solid);

        Assert.Multiple(() =>
        {
            Assert.That(planar[5, 5, 3], Is.EqualTo(1), "each axial ring encloses its lumen");
            Assert.That(solid[5, 5, 3], Is.EqualTo(0), "in 3D the lumen reaches the top and bottom faces");
            Assert.That(planar.Data.Count(b => b != 0), Is.EqualTo(7 * 7 * 6));
        });
    }

    [Test]
    public void GrowRegion_BandAndConstraint_MatchesReferenceAndCpu()
    {
        Volume<short> image = TestVolumes.Random(OddDims, Anisotropic, seed: 25, min: 0, max: 100);
        Volume<byte> constraint = MaskReferences.RandomMask(OddDims, Anisotropic, seed: 26, fraction: 0.9);
        Int3[] seeds = [new(3, 3, 3), new(30, 20, 15), new(0, 0, 0)];
        var grown = image.CreateLike<byte>();
        var cpuGrown = image.CreateLike<byte>();

        Backend.GrowRegion(image, 20, 90, seeds, constraint, grown);
        using (var cpu = new CpuBackend()) cpu.GrowRegion(image, 20, 90, seeds, constraint, cpuGrown);

        byte[] expected = RegionReferences.Grow(image, 20, 90, seeds, constraint);
        Assert.Multiple(() =>
        {
            Assert.That(grown.Data, Is.EqualTo(expected));
            Assert.That(cpuGrown.Data, Is.EqualTo(expected));
            Assert.That(expected.Count(b => b != 0), Is.InRange(1000, expected.Length - 1000), "the region must be partial to be a test");
        });
    }

    [Test]
    public void GrowRegion_SeedOutsideGrid_ThrowsNamingTheSeed()
    {
        Volume<short> image = TestVolumes.Constant(SmallDims, Anisotropic, 10);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Backend.GrowRegion(image, 0, 20, [new Int3(2, 2, 2), new Int3(13, 0, 0)], null, image.CreateLike<byte>()));
        Assert.That(e!.Message, Does.Contain("(13, 0, 0)").And.Contain("13x11x9"));
    }

    [Test]
    public void Statistics_RandomMask_ExactCountMeanAndDeviation()
    {
        Volume<short> image = TestVolumes.Random(OddDims, Anisotropic, seed: 27, min: -1024, max: 3071);
        Volume<byte> mask = MaskReferences.RandomMask(OddDims, Anisotropic, seed: 28, fraction: 0.3);

        MaskStatistics stats = Backend.Statistics(image, mask);

        double[] values = [.. image.Data.Where((_, n) => mask.Data[n] != 0).Select(v => (double)v)];
        double mean = values.Average();
        Assert.Multiple(() =>
        {
            Assert.That(stats.Count, Is.EqualTo(values.Length));
            Assert.That(stats.Mean, Is.EqualTo(mean).Within(1e-9));
            Assert.That(stats.StdDev, Is.EqualTo(Math.Sqrt(values.Average(x => (x - mean) * (x - mean)))).Within(1e-6));
        });
    }

    [Test]
    public void GrowCut_ThreeLabelsAndBackgroundOnNoise_MatchesBellmanFordReferenceAndCpu()
    {
        Volume<short> image = TestVolumes.Random(OddDims, Anisotropic, seed: 29, min: 0, max: 40);
        // Three bright blocks make the cost landscape uneven; seeds of three labels and background compete.
        for (int k = 0; k < 19; k++) for (int j = 0; j < 23; j++) for (int i = 0; i < 37; i++)
            if ((i / 9 + j / 8 + k / 6) % 3 == 0) image[i, j, k] += 150;
        var seeds = image.CreateLike<byte>();
        seeds.Voxels.Fill(IComputeBackend.GrowCutNoSeed);
        seeds[2, 2, 2] = 1; seeds[3, 2, 2] = 1;
        seeds[30, 18, 15] = 2;
        seeds[18, 11, 9] = 3;
        seeds[36, 0, 0] = 0; seeds[0, 22, 18] = 0;

        Volume<byte> labels = Backend.GrowCut(image, seeds);
        Volume<byte> cpuLabels;
        using (var cpu = new CpuBackend()) cpuLabels = cpu.GrowCut(image, seeds);

        byte[] expected = RegionReferences.GrowCut(image, seeds);
        Assert.Multiple(() =>
        {
            Assert.That(labels.Data, Is.EqualTo(expected));
            Assert.That(cpuLabels.Data, Is.EqualTo(expected));
            for (byte l = 0; l <= 3; l++) Assert.That(expected.Count(b => b == l), Is.GreaterThan(300), $"label {l} must win a region to be a test");
        });
    }

    [Test]
    public void GrowCut_NoSeeds_LeavesEveryVoxelUnlabelled()
    {
        Volume<short> image = TestVolumes.Random(SmallDims, Anisotropic, seed: 30);
        var seeds = image.CreateLike<byte>();
        seeds.Voxels.Fill(IComputeBackend.GrowCutNoSeed);

        Assert.That(Backend.GrowCut(image, seeds).Data, Is.All.EqualTo(0));
    }
}
