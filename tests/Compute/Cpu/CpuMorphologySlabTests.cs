using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests.Cpu;

/// <summary>
/// CPU morphology runs its squared EDT one z slab at a time with a halo of ceil(r / spacing z) slices; these tests
/// force slabs of a few slices and compare with the brute-force sphere over the whole volume.
/// </summary>
[TestFixture]
public sealed class CpuMorphologySlabTests
{
    private static readonly Vec3 Spacing = new(0.8, 0.7, 0.6);

    [TestCase(MorphologyOperation.Dilate, 1)]
    [TestCase(MorphologyOperation.Dilate, 3)]
    [TestCase(MorphologyOperation.Erode, 1)]
    [TestCase(MorphologyOperation.Erode, 4)]
    public void Morphology_SlabsOfFewSlices_EqualBruteForceSphere(MorphologyOperation operation, int slicesPerSlab)
    {
        var dims = new Int3(12, 10, 23);
        bool dilate = operation == MorphologyOperation.Dilate;
        Volume<byte> mask = MaskReferences.RandomMask(dims, Spacing, seed: 40 + slicesPerSlab, fraction: dilate ? 0.02 : 0.9);
        var result = mask.CreateLike<byte>();

        CpuBackend.Morphology(mask.Data, result.Data, mask.Geometry, operation, 2.1, slicesPerSlab * dims.X * dims.Y);

        Assert.That(result.Data, Is.EqualTo(BruteForce(mask, 2.1, dilate)));
    }

    [TestCase(MorphologyOperation.Dilate)]
    [TestCase(MorphologyOperation.Erode)]
    public void Morphology_InPlaceOverSlabs_SameAsSeparateDestination(MorphologyOperation operation)
    {
        var dims = new Int3(9, 8, 31);
        bool dilate = operation == MorphologyOperation.Dilate;
        Volume<byte> mask = MaskReferences.RandomMask(dims, Spacing, seed: 7, fraction: dilate ? 0.02 : 0.9);
        byte[] expected = BruteForce(mask, 1.9, dilate);

        CpuBackend.Morphology(mask.Data, mask.Data, mask.Geometry, operation, 1.9, 2 * dims.X * dims.Y);

        Assert.That(mask.Data, Is.EqualTo(expected), "a slab's result is written only after the next slab read its halo");
    }

    [Test]
    public void Morphology_CloseOverSlabs_EqualsDilateThenErode()
    {
        var dims = new Int3(10, 9, 27);
        Volume<byte> mask = MaskReferences.RandomMask(dims, Spacing, seed: 3, fraction: 0.4);
        var slabbed = mask.CreateLike<byte>();
        var dilated = mask.CreateLike<byte>();

        CpuBackend.Morphology(mask.Data, slabbed.Data, mask.Geometry, MorphologyOperation.Close, 1.5, 3 * dims.X * dims.Y);
        byte[] expected = BruteForce(new Volume<byte>(mask.Geometry, BruteForce(mask, 1.5, dilate: true)), 1.5, dilate: false);

        Assert.That(slabbed.Data, Is.EqualTo(expected));
    }

    private static byte[] BruteForce(Volume<byte> mask, double radiusMm, bool dilate)
    {
        double[] distance = MaskReferences.Distance(mask, toSet: dilate);
        var expected = new byte[distance.Length];
        for (int n = 0; n < expected.Length; n++)
        {
            expected[n] = dilate ? (byte)(distance[n] <= radiusMm ? 1 : 0) : (byte)(mask.Data[n] != 0 && distance[n] > radiusMm ? 1 : 0);
        }
        return expected;
    }
}
