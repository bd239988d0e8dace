using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests;

/// <summary>
/// Every operation's contract, written once and run on each backend by a subclass. The CPU backend and scalar
/// double-precision code are the references.
/// </summary>
public abstract partial class BackendContractTests
{
    /// <summary>Odd sizes so that 16- and 32-lane SIMD bodies leave scalar tails on every row and slab.</summary>
    private static readonly Int3 OddDims = new(37, 23, 19);

    private static readonly Vec3 Anisotropic = new(0.8, 0.8, 2.0);

    protected IComputeBackend Backend { get; private set; } = null!;

    protected abstract IComputeBackend CreateBackend();

    [OneTimeSetUp]
    public void CreateBackendOnce() => Backend = CreateBackend();

    [OneTimeTearDown]
    public void DisposeBackend() => Backend?.Dispose();

    [Test]
    public void Threshold_RandomOddDimensions_MatchesScalarReference()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 1);
        var labels = source.CreateLike<byte>();

        Backend.Threshold(source, -100, 300, labels);

        Assert.That(labels.Data, Is.EqualTo(TestVolumes.ThresholdReference(source, -100, 300)));
    }

    [Test]
    public void Threshold_RandomOddDimensions_IdenticalToCpu()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 2, short.MinValue, short.MaxValue);
        var labels = source.CreateLike<byte>();
        var cpuLabels = source.CreateLike<byte>();

        Backend.Threshold(source, short.MinValue, 0, labels);
        using (var cpu = new CpuBackend()) cpu.Threshold(source, short.MinValue, 0, cpuLabels);

        Assert.That(labels.Data, Is.EqualTo(cpuLabels.Data));
    }

    [Test]
    public void Threshold_BoundsEqualToVoxel_AreInclusive()
    {
        var source = new Volume<short>(ImageGeometry.Axial(new Int3(3, 1, 1), new Vec3(1, 1, 1), Vec3.Zero), [99, 100, 200]);
        var labels = source.CreateLike<byte>();

        Backend.Threshold(source, 100, 200, labels);

        Assert.That(labels.Data, Is.EqualTo(new byte[] { 0, 1, 1 }));
    }

    [Test]
    public void Threshold_DestinationOfOtherSize_ThrowsNamingBothSizes()
    {
        Volume<short> source = TestVolumes.Constant(OddDims, Anisotropic, 0);
        var labels = new Volume<byte>(ImageGeometry.Axial(new Int3(2, 2, 2), Anisotropic, Vec3.Zero));

        var e = Assert.Throws<ArgumentException>(() => Backend.Threshold(source, 0, 1, labels));

        Assert.That(e!.Message, Does.Contain("2x2x2").And.Contain("37x23x19"));
    }

    /// <summary>Tolerance: 1 HU, the rounding step, over float accumulation against a double reference.</summary>
    [Test]
    public void GaussianSmooth_RandomAnisotropic_WithinOneHuOfDoubleReference()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 3);
        var smoothed = source.CreateLike<short>();

        Backend.GaussianSmooth(source, 1.5, smoothed);

        (int index, double worst) = TestVolumes.MaxAbsDifference(smoothed.Data, TestVolumes.GaussianReference(source, 1.5));
        Assert.That(worst, Is.LessThanOrEqualTo(1.0), $"worst difference at linear index {index}");
    }

    [Test]
    public void GaussianSmooth_RandomData_AgreesWithCpuWithinOneHu()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 4);
        var smoothed = source.CreateLike<short>();
        var cpuSmoothed = source.CreateLike<short>();

        Backend.GaussianSmooth(source, 1.0, smoothed);
        using (var cpu = new CpuBackend()) cpu.GaussianSmooth(source, 1.0, cpuSmoothed);

        int worst = 0;
        for (int n = 0; n < smoothed.Data.Length; n++) worst = Math.Max(worst, Math.Abs(smoothed.Data[n] - cpuSmoothed.Data[n]));
        Assert.That(worst, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void GaussianSmooth_ConstantVolume_StaysConstantExactly()
    {
        Volume<short> source = TestVolumes.Constant(OddDims, Anisotropic, -731);
        var smoothed = source.CreateLike<short>();

        Backend.GaussianSmooth(source, 2.5, smoothed);

        Assert.That(smoothed.Data, Is.All.EqualTo((short)-731));
    }

    /// <summary>The response to an impulse is the kernel itself, whose variance per axis is sigma² in mm² (within 5%).</summary>
    [Test]
    public void GaussianSmooth_ImpulseAnisotropicSpacing_VariancePerAxisIsSigmaSquared()
    {
        const double sigmaMm = 2.0;
        var dims = new Int3(41, 41, 21);
        Volume<short> source = TestVolumes.Constant(dims, Anisotropic, 0);
        source[20, 20, 10] = 30000;
        var smoothed = source.CreateLike<short>();

        Backend.GaussianSmooth(source, sigmaMm, smoothed);

        double mass = 0;
        double[] second = new double[3];
        for (int k = 0; k < dims.Z; k++)
        for (int j = 0; j < dims.Y; j++)
        for (int i = 0; i < dims.X; i++)
        {
            double v = smoothed[i, j, k];
            mass += v;
            second[0] += v * Math.Pow((i - 20) * Anisotropic.X, 2);
            second[1] += v * Math.Pow((j - 20) * Anisotropic.Y, 2);
            second[2] += v * Math.Pow((k - 10) * Anisotropic.Z, 2);
        }
        Assert.Multiple(() =>
        {
            for (int axis = 0; axis < 3; axis++)
            {
                Assert.That(second[axis] / mass, Is.EqualTo(sigmaMm * sigmaMm).Within(5).Percent, $"variance along axis {axis} in mm²");
            }
        });
    }

    [Test]
    public void GaussianSmooth_SigmaZero_CopiesSource()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 5);
        var smoothed = source.CreateLike<short>();

        Backend.GaussianSmooth(source, 0, smoothed);

        Assert.That(smoothed.Data, Is.EqualTo(source.Data));
    }

    [Test]
    public void GaussianSmooth_InPlace_SameAsSeparateDestination()
    {
        Volume<short> source = TestVolumes.Random(OddDims, Anisotropic, seed: 6);
        var separate = source.CreateLike<short>();
        Backend.GaussianSmooth(source, 1.2, separate);

        Backend.GaussianSmooth(source, 1.2, source);

        Assert.That(source.Data, Is.EqualTo(separate.Data));
    }

    [Test]
    public void GaussianSmooth_NegativeSigma_ThrowsArgumentOutOfRange()
    {
        Volume<short> source = TestVolumes.Constant(OddDims, Anisotropic, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => Backend.GaussianSmooth(source, -1, source));
    }
}
