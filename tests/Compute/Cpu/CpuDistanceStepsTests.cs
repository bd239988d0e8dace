using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests.Cpu;

/// <summary>
/// The quantized distance map to one value of a byte volume, over a box of it: no mask and no float volume, and
/// within one step of the exact anisotropic EDT restricted to the box.
/// </summary>
[TestFixture]
public sealed class CpuDistanceStepsTests
{
    private const float StepsPerMm = 64;

    [TestCase(0.02)]
    [TestCase(0.3)]
    public void DistanceToValueSteps_RandomLabelsInBox_WithinOneStepOfExact(double fraction)
    {
        var geometry = ImageGeometry.Axial(new Int3(23, 19, 17), new Vec3(0.8, 0.7, 1.3), Vec3.Zero);
        var labels = new Volume<byte>(geometry);
        var random = new Random(5);
        for (int n = 0; n < labels.Data.Length; n++) labels.Data[n] = random.NextDouble() < fraction ? (byte)3 : (byte)random.Next(0, 3);
        var box = new VoxelBox(new Int3(2, 3, 1), new Int3(18, 14, 15));
        var steps = new ushort[box.VoxelCount];

        CpuBackend.DistanceToValueSteps(labels, 3, box, StepsPerMm, steps);

        Volume<byte> inBox = box.Copy(labels);
        var mask = new Volume<byte>(inBox.Geometry);
        for (int n = 0; n < mask.Data.Length; n++) mask.Data[n] = inBox.Data[n] == 3 ? (byte)1 : (byte)0;
        double[] exact = MaskReferences.Distance(mask, toSet: true);
        double worst = 0;
        for (int n = 0; n < exact.Length; n++) worst = Math.Max(worst, Math.Abs(steps[n] / StepsPerMm - exact[n]));
        Assert.That(worst, Is.LessThanOrEqualTo(1 / StepsPerMm + 1e-6), "two roundings of half a step each");
    }

    [Test]
    public void DistanceToValueSteps_ValueAbsentFromBox_NoFeatureEverywhere()
    {
        var geometry = ImageGeometry.Axial(new Int3(10, 10, 10), new Vec3(1, 1, 1), Vec3.Zero);
        var labels = new Volume<byte>(geometry);
        labels[0, 0, 0] = 7; // outside the box below
        var box = new VoxelBox(new Int3(2, 2, 2), new Int3(5, 5, 5));
        var steps = new ushort[box.VoxelCount];

        CpuBackend.DistanceToValueSteps(labels, 7, box, StepsPerMm, steps);

        Assert.That(steps, Is.All.EqualTo(CpuBackend.NoFeature), "only voxels inside the box count");
    }

    [Test]
    public void DistanceToValueSteps_BoxOutsideTheVolume_ThrowsNamingBoth()
    {
        var labels = new Volume<byte>(ImageGeometry.Axial(new Int3(4, 4, 4), new Vec3(1, 1, 1), Vec3.Zero));
        var e = Assert.Throws<ArgumentException>(() => CpuBackend.DistanceToValueSteps(labels, 1, new VoxelBox(new Int3(2, 0, 0), new Int3(3, 4, 4)), StepsPerMm, new ushort[48]));
        Assert.That(e!.Message, Does.Contain("2,0,0+3x4x4").And.Contain("4x4x4"));
    }
}
