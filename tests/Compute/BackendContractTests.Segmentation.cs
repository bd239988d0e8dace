using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests;

// Device volumes and the segmentation operations; each result is checked against a brute-force reference and
// against the CPU backend. Label outputs must be identical; distances agree within DistanceToleranceMm.
public abstract partial class BackendContractTests
{
    /// <summary>Float tolerance between backends and against the double reference, in mm.</summary>
    private const double DistanceToleranceMm = 1e-4;

    private static readonly Int3 SmallDims = new(13, 11, 9);

    [Test]
    public void DeviceChain_SmoothThresholdClose_MatchesHostCallsAndCopiesBackOnlyTheResult()
    {
        Volume<short> ct = TestVolumes.Random(OddDims, Anisotropic, seed: 11, min: -200, max: 400);
        var expectedSmooth = ct.CreateLike<short>();
        var expected = ct.CreateLike<byte>();
        Backend.GaussianSmooth(ct, 1.0, expectedSmooth);
        Backend.Threshold(expectedSmooth, 100, 400, expected);
        Backend.Morphology(expected, MorphologyOperation.Close, 2.0, expected);

        using IDeviceVolume<short> onDevice = Backend.Upload(ct);
        using IDeviceVolume<byte> mask = Backend.Allocate<byte>(ct.Geometry);
        using IDeviceVolume<byte> closed = Backend.Allocate<byte>(ct.Geometry);
        Backend.GaussianSmooth(onDevice, 1.0, onDevice);
        Backend.Threshold(onDevice, 100, 400, mask);
        Backend.Morphology(mask, MorphologyOperation.Close, 2.0, closed);
        var result = ct.CreateLike<byte>();
        closed.Download(result);

        Assert.Multiple(() =>
        {
            Assert.That(result.Data, Is.EqualTo(expected.Data));
            Assert.That(onDevice.OnDevice, Is.EqualTo(Backend.Name == "opencl"), "OpenCL volumes live on the device, CPU volumes in host memory");
            Assert.That(MaskOps(expected.Data), Is.GreaterThan(100), "the chain must produce a non-trivial mask to be a test");
        });
    }

    [Test]
    public void Upload_DestinationOfOtherSize_ThrowsNamingBothSizes()
    {
        using IDeviceVolume<short> v = Backend.Upload(TestVolumes.Constant(OddDims, Anisotropic, 1));
        var e = Assert.Throws<ArgumentException>(() => v.Download(new Volume<short>(ImageGeometry.Axial(new Int3(2, 2, 2), Anisotropic, Vec3.Zero))));
        Assert.That(e!.Message, Does.Contain("2x2x2").And.Contain("37x23x19"));
    }

    [Test]
    public void ThresholdBands_ThreeBands_LabelsEachBandAndMatchesScalarReference()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 12);
        IntensityBand[] bands = [new(-1024, -500), new(100, 199), new(200, 3071)];
        var labels = source.CreateLike<byte>();

        Backend.ThresholdBands(source, bands, labels);

        byte[] expected = [.. source.Data.Select(v => (byte)(v <= -500 ? 1 : v is >= 100 and <= 199 ? 2 : v >= 200 ? 3 : 0))];
        Assert.That(labels.Data, Is.EqualTo(expected));
    }

    [Test]
    public void ThresholdBands_OverlappingBands_ThrowsNamingBoth()
    {
        Volume<short> source = TestVolumes.Constant(SmallDims, Anisotropic, 0);
        var e = Assert.Throws<ArgumentException>(() => Backend.ThresholdBands(source, [new(0, 100), new(50, 150)], source.CreateLike<byte>()));
        Assert.That(e!.Message, Does.Contain("overlap").And.Contain("[0, 100]").And.Contain("[50, 150]"));
    }

    [Test]
    public void Median_RadiusOneVoxelPerAxis_EqualsSortedWindowReference()
    {
        Volume<short> source = TestVolumes.Random(SmallDims, new Vec3(1, 1, 1), seed: 13);
        var filtered = source.CreateLike<short>();

        Backend.Median(source, 1.0, filtered);

        Assert.That(filtered.Data, Is.EqualTo(MaskReferences.Median(source, new Int3(1, 1, 1))));
    }

    [Test]
    public void Median_AnisotropicRadius_UsesPerAxisHalfWidthsAndRemovesImpulse()
    {
        // 1.6 mm at 0.8 x 0.8 x 2.0 mm: half-widths 2, 2, 1 voxels (a 5x5x3 box).
        Volume<short> source = TestVolumes.Random(SmallDims, Anisotropic, seed: 14, min: 0, max: 50);
        source[6, 5, 4] = 3000;
        var filtered = source.CreateLike<short>();

        Backend.Median(source, 1.6, filtered);

        Assert.Multiple(() =>
        {
            Assert.That(filtered.Data, Is.EqualTo(MaskReferences.Median(source, new Int3(2, 2, 1))));
            Assert.That(filtered[6, 5, 4], Is.LessThanOrEqualTo(50), "a single bright voxel is removed");
        });
    }

    [Test]
    public void Median_BoxOver125Voxels_ThrowsSayingWhatToDo()
    {
        Volume<short> source = TestVolumes.Constant(SmallDims, new Vec3(1, 1, 1), 0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Backend.Median(source, 3.0, source.CreateLike<short>()));
        Assert.That(e!.Message, Does.Contain("7x7x7").And.Contain("smaller radius"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void DistanceTransform_RandomSparseMask_WithinToleranceOfBruteForce(bool signed)
    {
        Volume<byte> mask = MaskReferences.RandomMask(SmallDims, Anisotropic, seed: signed ? 15 : 16, fraction: signed ? 0.5 : 0.02);

        Volume<float> distance = Backend.DistanceTransform(mask, signed);

        double[] outside = MaskReferences.Distance(mask, toSet: true);
        double[] inside = MaskReferences.Distance(mask, toSet: false);
        double worst = 0;
        for (int n = 0; n < outside.Length; n++)
        {
            double expected = signed && mask.Data[n] != 0 ? -inside[n] : outside[n];
            worst = Math.Max(worst, Math.Abs(distance.Data[n] - expected));
        }
        Assert.That(worst, Is.LessThanOrEqualTo(DistanceToleranceMm), "worst difference in mm");
    }

    [Test]
    public void DistanceTransform_RandomMask_AgreesWithCpu()
    {
        Volume<byte> mask = MaskReferences.RandomMask(OddDims, Anisotropic, seed: 17, fraction: 0.01);

        Volume<float> distance = Backend.DistanceTransform(mask, signed: true);
        Volume<float> cpu;
        using (var reference = new CpuBackend()) cpu = reference.DistanceTransform(mask, signed: true);

        double worst = 0;
        for (int n = 0; n < cpu.Data.Length; n++) worst = Math.Max(worst, Math.Abs(distance.Data[n] - cpu.Data[n]));
        Assert.That(worst, Is.LessThanOrEqualTo(DistanceToleranceMm));
    }

    [Test]
    public void DistanceTransform_EmptyMask_IsInfiniteEverywhere()
    {
        var mask = new Volume<byte>(ImageGeometry.Axial(SmallDims, Anisotropic, Vec3.Zero));
        Volume<float> distance = Backend.DistanceTransform(mask);
        Assert.That(distance.Data, Is.All.EqualTo(float.PositiveInfinity));
    }

    [TestCase(MorphologyOperation.Dilate)]
    [TestCase(MorphologyOperation.Erode)]
    public void Morphology_SphereOfTwoMm_EqualsBruteForceSphere(MorphologyOperation operation)
    {
        Volume<byte> mask = MaskReferences.RandomMask(SmallDims, Anisotropic, seed: 18, fraction: operation == MorphologyOperation.Dilate ? 0.03 : 0.9);
        var result = mask.CreateLike<byte>();

        Backend.Morphology(mask, operation, 2.0, result);

        bool dilate = operation == MorphologyOperation.Dilate;
        double[] distance = MaskReferences.Distance(mask, toSet: dilate);
        byte[] expected = new byte[distance.Length];
        for (int n = 0; n < expected.Length; n++)
        {
            expected[n] = dilate ? (byte)(distance[n] <= 2.0 ? 1 : 0) : (byte)(mask.Data[n] != 0 && distance[n] > 2.0 ? 1 : 0);
        }
        Assert.That(result.Data, Is.EqualTo(expected));
    }

    [TestCase(MorphologyOperation.Open)]
    [TestCase(MorphologyOperation.Close)]
    public void Morphology_OpenAndClose_AreCompositionsAndIdenticalToCpu(MorphologyOperation operation)
    {
        Volume<byte> mask = MaskReferences.RandomMask(OddDims, Anisotropic, seed: 19, fraction: 0.5);
        var result = mask.CreateLike<byte>();
        var first = mask.CreateLike<byte>();
        var composed = mask.CreateLike<byte>();
        var cpuResult = mask.CreateLike<byte>();

        Backend.Morphology(mask, operation, 1.7, result);
        bool open = operation == MorphologyOperation.Open;
        Backend.Morphology(mask, open ? MorphologyOperation.Erode : MorphologyOperation.Dilate, 1.7, first);
        Backend.Morphology(first, open ? MorphologyOperation.Dilate : MorphologyOperation.Erode, 1.7, composed);
        using (var cpu = new CpuBackend()) cpu.Morphology(mask, operation, 1.7, cpuResult);

        Assert.Multiple(() =>
        {
            Assert.That(result.Data, Is.EqualTo(composed.Data));
            Assert.That(result.Data, Is.EqualTo(cpuResult.Data));
        });
    }

    [TestCase(Connectivity.Six)]
    [TestCase(Connectivity.Eighteen)]
    [TestCase(Connectivity.TwentySix)]
    public void LabelComponents_RandomMask_EqualsBreadthFirstReferenceAndCpu(Connectivity connectivity)
    {
        Volume<byte> mask = MaskReferences.RandomMask(OddDims, Anisotropic, seed: 20 + (int)connectivity, fraction: 0.3);

        Volume<int> labels = Backend.LabelComponents(mask, connectivity);
        Volume<int> cpu;
        using (var reference = new CpuBackend()) cpu = reference.LabelComponents(mask, connectivity);

        Assert.Multiple(() =>
        {
            Assert.That(labels.Data, Is.EqualTo(MaskReferences.Components(mask, (int)connectivity)));
            Assert.That(labels.Data, Is.EqualTo(cpu.Data));
        });
    }

    [TestCase(1, 0, 0, 1, 1, 1)]
    [TestCase(1, 1, 0, 2, 1, 1)]
    [TestCase(1, 1, 1, 2, 2, 1)]
    public void LabelComponents_TwoVoxelsTouchingAtFaceEdgeOrCorner_JoinedOnlyWhenConnectivityAllows(int dx, int dy, int dz, int six, int eighteen, int twentySix)
    {
        var mask = new Volume<byte>(ImageGeometry.Axial(new Int3(4, 4, 4), Anisotropic, Vec3.Zero));
        mask[1, 2, 1] = 1;
        mask[1 + dx, 2 - dy, 1 + dz] = 1;

        int Count(Connectivity c)
        {
            Volume<int> labels = Backend.LabelComponents(mask, c);
            return ComponentLabels.Compact(labels.Voxels).Length;
        }

        Assert.That((Count(Connectivity.Six), Count(Connectivity.Eighteen), Count(Connectivity.TwentySix)), Is.EqualTo((six, eighteen, twentySix)));
    }

    [Test]
    public void ComponentLabels_Compact_NumbersByFirstVoxelWithSizes()
    {
        var mask = new Volume<byte>(ImageGeometry.Axial(new Int3(5, 1, 1), Anisotropic, Vec3.Zero), [0, 1, 1, 0, 1]);
        Volume<int> labels = Backend.LabelComponents(mask, Connectivity.Six);

        long[] sizes = ComponentLabels.Compact(labels.Voxels);

        Assert.Multiple(() =>
        {
            Assert.That(labels.Data, Is.EqualTo(new[] { 0, 1, 1, 0, 2 }));
            Assert.That(sizes, Is.EqualTo(new long[] { 2, 1 }));
        });
    }

    private static int MaskOps(byte[] mask) => mask.Count(b => b != 0);
}
