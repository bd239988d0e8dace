using SurgicalNav.Compute.OpenCl;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests.OpenCl;

/// <summary>
/// The contract on the preferred OpenCL device (PoCL's CPU device in CI). Without a device the fixture is
/// ignored, unless CI or SURGICALNAV_REQUIRE_OPENCL=1 is set, where it fails: CI must not pass by skipping.
/// Any fallback warning fails the test, so a pass here means the device really did the work.
/// </summary>
[TestFixture]
public sealed class OpenClBackendTests : BackendContractTests
{
    private readonly List<string> _warnings = [];

    protected override IComputeBackend CreateBackend()
    {
        if (OpenClBackend.Devices().Count == 0)
        {
            bool required = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
                || Environment.GetEnvironmentVariable("SURGICALNAV_REQUIRE_OPENCL") == "1";
            string reason = OpenClBackend.NoDeviceMessage;
            if (required) Assert.Fail("OpenCL is required here (CI or SURGICALNAV_REQUIRE_OPENCL=1) but " + reason);
            Assert.Ignore("skipped: " + reason);
        }
        return OpenClBackend.Create(_warnings.Add);
    }

    [TearDown]
    public void NoFallbackHappened() => Assert.That(_warnings, Is.Empty, "the OpenCL backend fell back to the CPU");

    [Test]
    public void Name_Always_IsOpenCl() => Assert.That(Backend.Name, Is.EqualTo("opencl"));

    [Test]
    public void GaussianSmooth_KernelBuildFails_FallsBackToCpuAndWarnsOnce()
    {
        var warnings = new List<string>();
        using OpenClBackend broken = OpenClBackend.Create(warnings.Add, programSource: "__kernel void gauss_s16_f32( this is not OpenCL C");
        Volume<short> source = TestVolumes.Random(new Int3(9, 7, 5), new Vec3(0.8, 0.8, 2.0), seed: 7);
        var smoothed = source.CreateLike<short>();
        var labels = source.CreateLike<byte>();

        broken.GaussianSmooth(source, 1.0, smoothed);
        broken.Threshold(source, 0, 100, labels);

        (_, double worst) = TestVolumes.MaxAbsDifference(smoothed.Data, TestVolumes.GaussianReference(source, 1.0));
        Assert.Multiple(() =>
        {
            Assert.That(worst, Is.LessThanOrEqualTo(1.0));
            Assert.That(labels.Data, Is.EqualTo(TestVolumes.ThresholdReference(source, 0, 100)));
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings[0], Does.Contain("CL_BUILD_PROGRAM_FAILURE").And.Contain("CPU"));
        });
    }

    [Test]
    public void GaussianSmooth_DeviceOutOfMemory_FallsBackToCpuWithWarning()
    {
        var warnings = new List<string>();
        using OpenClBackend small = OpenClBackend.Create(warnings.Add);
        Volume<short> source = TestVolumes.Random(new Int3(17, 13, 11), new Vec3(0.8, 0.8, 2.0), seed: 8);
        var smoothed = source.CreateLike<short>();
        var labels = source.CreateLike<byte>();
        small.DeviceMemoryLimitBytes = source.Data.Length * 3L;

        small.Threshold(source, 0, 100, labels);
        small.GaussianSmooth(source, 1.0, smoothed);

        (_, double worst) = TestVolumes.MaxAbsDifference(smoothed.Data, TestVolumes.GaussianReference(source, 1.0));
        Assert.Multiple(() =>
        {
            Assert.That(labels.Data, Is.EqualTo(TestVolumes.ThresholdReference(source, 0, 100)), "threshold fits and runs on the device");
            Assert.That(worst, Is.LessThanOrEqualTo(1.0));
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings[0], Does.Contain("CL_MEM_OBJECT_ALLOCATION_FAILURE").And.Contain("GaussianSmooth"));
        });
    }

    [Test]
    public void DeviceVolumes_KernelBuildFails_OperationsRunOnCpuWithOneWarning()
    {
        var warnings = new List<string>();
        using OpenClBackend broken = OpenClBackend.Create(warnings.Add, programSource: "__kernel void ccl_init( not OpenCL C");
        Volume<byte> mask = MaskReferences.RandomMask(new Int3(9, 7, 5), new Vec3(0.8, 0.8, 2.0), seed: 9, fraction: 0.3);

        using IDeviceVolume<byte> onDevice = broken.Upload(mask);
        using IDeviceVolume<int> labels = broken.Allocate<int>(mask.Geometry);
        using IDeviceVolume<float> distance = broken.Allocate<float>(mask.Geometry);
        broken.LabelComponents(onDevice, Connectivity.TwentySix, labels);
        broken.DistanceTransform(onDevice, signed: false, distance);
        var result = new Volume<int>(mask.Geometry);
        labels.Download(result);

        Assert.Multiple(() =>
        {
            Assert.That(onDevice.OnDevice, Is.True, "the buffer itself still lives on the device");
            Assert.That(result.Data, Is.EqualTo(MaskReferences.Components(mask, 26)));
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings[0], Does.Contain("CL_BUILD_PROGRAM_FAILURE").And.Contain("LabelComponents"));
        });
    }

    [Test]
    public void Allocate_DeviceOutOfMemory_KeepsVolumeOnHostWithWarningAndStillComputes()
    {
        var warnings = new List<string>();
        using OpenClBackend small = OpenClBackend.Create(warnings.Add);
        Volume<byte> mask = MaskReferences.RandomMask(new Int3(17, 13, 11), new Vec3(0.8, 0.8, 2.0), seed: 10, fraction: 0.05);
        small.DeviceMemoryLimitBytes = mask.Data.Length * 2L;

        using IDeviceVolume<byte> onDevice = small.Upload(mask);
        using IDeviceVolume<byte> dilated = small.Allocate<byte>(mask.Geometry);
        using IDeviceVolume<float> distance = small.Allocate<float>(mask.Geometry);
        small.Morphology(onDevice, MorphologyOperation.Dilate, 1.5, dilated);
        var result = mask.CreateLike<byte>();
        dilated.Download(result);
        var expected = mask.CreateLike<byte>();
        using (var cpu = new SurgicalNav.Compute.Cpu.CpuBackend()) cpu.Morphology(mask, MorphologyOperation.Dilate, 1.5, expected);

        Assert.Multiple(() =>
        {
            Assert.That(distance.OnDevice, Is.False, "the float volume does not fit under the limit");
            Assert.That(result.Data, Is.EqualTo(expected.Data));
            Assert.That(warnings, Has.Some.Contains("host memory"));
            Assert.That(warnings, Has.Some.Contains("CL_MEM_OBJECT_ALLOCATION_FAILURE"));
        });
    }

    [Test]
    public void RegionOperations_KernelBuildFails_RunOnCpuWithOneWarningAndMatchCpu()
    {
        var warnings = new List<string>();
        using OpenClBackend broken = OpenClBackend.Create(warnings.Add, programSource: "__kernel void growcut_init( not OpenCL C");
        using var cpu = new SurgicalNav.Compute.Cpu.CpuBackend();
        Volume<short> image = TestVolumes.Random(new Int3(11, 9, 7), new Vec3(0.8, 0.8, 2.0), seed: 31, min: 0, max: 200);
        Volume<byte> mask = MaskReferences.RandomMask(image.Dimensions, image.Geometry.SpacingMm, seed: 32, fraction: 0.6);
        var seeds = image.CreateLike<byte>();
        seeds.Voxels.Fill(IComputeBackend.GrowCutNoSeed);
        seeds[1, 1, 1] = 1;
        seeds[9, 7, 5] = 0;
        var (filled, cpuFilled, bilateral, cpuBilateral, grown, cpuGrown) =
            (mask.CreateLike<byte>(), mask.CreateLike<byte>(), image.CreateLike<short>(), image.CreateLike<short>(), mask.CreateLike<byte>(), mask.CreateLike<byte>());

        broken.FillHoles(mask, planar: false, filled);
        cpu.FillHoles(mask, planar: false, cpuFilled);
        broken.Bilateral(image, 1.0, 40, bilateral);
        cpu.Bilateral(image, 1.0, 40, cpuBilateral);
        broken.GrowRegion(image, 50, 150, [new Int3(5, 4, 3)], mask, grown);
        cpu.GrowRegion(image, 50, 150, [new Int3(5, 4, 3)], mask, cpuGrown);

        Assert.Multiple(() =>
        {
            Assert.That(filled.Data, Is.EqualTo(cpuFilled.Data));
            Assert.That(bilateral.Data, Is.EqualTo(cpuBilateral.Data), "the fallback is the CPU backend itself");
            Assert.That(grown.Data, Is.EqualTo(cpuGrown.Data));
            Assert.That(broken.GrowCut(image, seeds).Data, Is.EqualTo(cpu.GrowCut(image, seeds).Data));
            Assert.That(broken.Statistics(image, mask), Is.EqualTo(cpu.Statistics(image, mask)));
            Assert.That(warnings, Has.Count.EqualTo(1), "a broken compiler is reported once, not once per operation");
            Assert.That(warnings[0], Does.Contain("CL_BUILD_PROGRAM_FAILURE"));
        });
    }

    [Test]
    public void GrowCut_DeviceOutOfMemory_RunsOnHostWithWarningAndMatchesCpu()
    {
        var warnings = new List<string>();
        using OpenClBackend small = OpenClBackend.Create(warnings.Add);
        Volume<short> image = TestVolumes.Random(new Int3(17, 13, 11), new Vec3(0.8, 0.8, 2.0), seed: 33, min: 0, max: 100);
        var seeds = image.CreateLike<byte>();
        seeds.Voxels.Fill(IComputeBackend.GrowCutNoSeed);
        seeds[2, 2, 2] = 3;
        seeds[15, 11, 9] = 0;
        small.DeviceMemoryLimitBytes = image.Data.Length * 3L;

        Volume<byte> labels = small.GrowCut(image, seeds);
        Volume<byte> expected;
        using (var cpu = new SurgicalNav.Compute.Cpu.CpuBackend()) expected = cpu.GrowCut(image, seeds);

        Assert.Multiple(() =>
        {
            Assert.That(labels.Data, Is.EqualTo(expected.Data));
            Assert.That(warnings, Has.Some.Contains("CL_MEM_OBJECT_ALLOCATION_FAILURE"));
        });
    }
}
