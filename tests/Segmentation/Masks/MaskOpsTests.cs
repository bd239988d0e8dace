using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Masks;

public class MaskOpsTests
{
    [Test]
    public void Dilate_SingleVoxelBy3MmOnAnisotropicGrid_GivesExactlyVoxelsWithin3Mm()
    {
        var spacing = new Vec3(0.7, 1.1, 2.3);
        const double radiusMm = 3;
        Volume<byte> m = MaskBuilder.Empty(17, 13, 11, spacing);
        var centre = new Int3(8, 6, 5);
        m[centre.X, centre.Y, centre.Z] = 1;

        Volume<byte> dilated = MaskOps.Dilate(m, radiusMm);

        int mismatches = 0, expectedCount = 0;
        double closestToBoundary = double.MaxValue;
        for (int k = 0; k < 11; k++) for (int j = 0; j < 13; j++) for (int i = 0; i < 17; i++)
        {
            double d = new Vec3((i - centre.X) * spacing.X, (j - centre.Y) * spacing.Y, (k - centre.Z) * spacing.Z).Length;
            closestToBoundary = Math.Min(closestToBoundary, Math.Abs(d - radiusMm));
            bool expected = d <= radiusMm;
            if (expected) expectedCount++;
            if (expected != (dilated[i, j, k] != 0)) mismatches++;
        }
        Assert.Multiple(() =>
        {
            // Guard: no voxel centre lies within 1e-4 mm of the radius, so float rounding cannot decide the answer.
            Assert.That(closestToBoundary, Is.GreaterThan(1e-4));
            Assert.That(mismatches, Is.EqualTo(0));
            Assert.That(MaskBuilder.Count(dilated), Is.EqualTo(expectedCount));
            Assert.That(m.Data.Count(b => b != 0), Is.EqualTo(1), "the input mask is untouched");
        });
    }

    [Test]
    public void AndNot_TwoBoxes_RemovesTheOverlapExactly()
    {
        Volume<byte> a = MaskBuilder.Empty(8, 8, 8), b = MaskBuilder.Empty(8, 8, 8);
        MaskBuilder.Box(a, new Int3(0, 0, 0), new Int3(3, 3, 3));
        MaskBuilder.Box(b, new Int3(2, 2, 2), new Int3(5, 5, 5));

        MaskOps.AndNot(a, b);

        Assert.That(MaskOps.Count(a), Is.EqualTo(64 - 8));
    }
}
