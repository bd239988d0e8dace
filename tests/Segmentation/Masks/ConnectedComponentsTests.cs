using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Masks;

public class ConnectedComponentsTests
{
    /// <summary>A 3x3x3 cube (27 voxels) and a separate 4x4x4 cube (64 voxels) in a 12^3 grid.</summary>
    private static Volume<byte> TwoCubes()
    {
        Volume<byte> m = MaskBuilder.Empty(12, 12, 12);
        MaskBuilder.Box(m, new Int3(1, 1, 1), new Int3(3, 3, 3));
        MaskBuilder.Box(m, new Int3(6, 6, 6), new Int3(9, 9, 9));
        return m;
    }

    [Test]
    public void Label_TwoSeparateCubes_TwoComponentsWithExactSizes()
    {
        ComponentLabeling labeling = ConnectedComponents.Label(TwoCubes());

        Assert.Multiple(() =>
        {
            Assert.That(labeling.Count, Is.EqualTo(2));
            Assert.That(labeling.Sizes, Is.EquivalentTo(new long[] { 27, 64 }));
            Assert.That(labeling.Sizes[labeling.Largest()], Is.EqualTo(64));
            Assert.That(labeling.TouchesBorder, Is.All.False);
        });
    }

    [TestCase(1, 1, 0, 2)] // edge contact only
    [TestCase(1, 1, 1, 2)] // corner contact only
    [TestCase(1, 0, 0, 1)] // face contact
    public void Label_TwoVoxels_SixConnectivityCountsOnlyFaceContact(int dx, int dy, int dz, int expectedComponents)
    {
        Volume<byte> m = MaskBuilder.Empty(6, 6, 6);
        m[2, 2, 2] = 1;
        m[2 + dx, 2 + dy, 2 + dz] = 1;

        ComponentLabeling labeling = ConnectedComponents.Label(m);

        Assert.That(labeling.Count, Is.EqualTo(expectedComponents));
    }

    [Test]
    public void Label_UShapeJoinedOnlyAtTheBottom_IsOneComponent()
    {
        // Two columns joined by a bottom bar: runs merge through a later row, which tests union-find across rows.
        Volume<byte> m = MaskBuilder.Empty(9, 9, 3);
        MaskBuilder.Box(m, new Int3(1, 1, 1), new Int3(1, 7, 1));
        MaskBuilder.Box(m, new Int3(6, 1, 1), new Int3(6, 7, 1));
        MaskBuilder.Box(m, new Int3(1, 7, 1), new Int3(6, 7, 1));

        ComponentLabeling labeling = ConnectedComponents.Label(m);

        Assert.Multiple(() =>
        {
            Assert.That(labeling.Count, Is.EqualTo(1));
            Assert.That(labeling.Sizes[0], Is.EqualTo(7 + 7 + 4));
        });
    }

    [Test]
    public void KeepLargest_TwoCubes_KeepsExactlyTheLargerCube()
    {
        Volume<byte> m = TwoCubes();

        long kept = ConnectedComponents.KeepLargest(m);

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(64));
            Assert.That(MaskBuilder.Count(m), Is.EqualTo(64));
            Assert.That(m[2, 2, 2], Is.EqualTo(0));
            Assert.That(m[7, 7, 7], Is.EqualTo(1));
        });
    }

    [Test]
    public void KeepLargest_EmptyMask_ReturnsZero()
    {
        Volume<byte> m = MaskBuilder.Empty(5, 5, 5);

        Assert.Multiple(() =>
        {
            Assert.That(ConnectedComponents.KeepLargest(m), Is.EqualTo(0));
            Assert.That(MaskBuilder.Count(m), Is.EqualTo(0));
        });
    }

    [TestCase(27, 2, 91)]
    [TestCase(28, 1, 64)]
    [TestCase(65, 0, 0)]
    public void RemoveSmallerThan_TwoCubes_KeepsComponentsAtLeastMinVoxels(long minVoxels, int expectedKept, long expectedVoxels)
    {
        Volume<byte> m = TwoCubes();

        int kept = ConnectedComponents.RemoveSmallerThan(m, minVoxels);

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(expectedKept));
            Assert.That(MaskBuilder.Count(m), Is.EqualTo(expectedVoxels));
        });
    }

    [Test]
    public void FillHoles_EnclosedCavity_IsFilled()
    {
        Volume<byte> m = MaskBuilder.Empty(11, 11, 11);
        MaskBuilder.Box(m, new Int3(2, 2, 2), new Int3(8, 8, 8));
        MaskBuilder.Box(m, new Int3(4, 4, 4), new Int3(6, 6, 6), 0);

        ConnectedComponents.FillHoles(m);

        Assert.That(MaskBuilder.Count(m), Is.EqualTo(7 * 7 * 7));
    }

    [Test]
    public void FillHoles_CavityWithTunnelToTheBorder_IsNotFilled()
    {
        Volume<byte> m = MaskBuilder.Empty(11, 11, 11);
        MaskBuilder.Box(m, new Int3(2, 2, 2), new Int3(8, 8, 8));
        MaskBuilder.Box(m, new Int3(4, 4, 4), new Int3(6, 6, 6), 0);
        MaskBuilder.Box(m, new Int3(5, 5, 6), new Int3(5, 5, 8), 0); // tunnel from the cavity out through the top face
        long before = MaskBuilder.Count(m);

        ConnectedComponents.FillHoles(m);

        Assert.Multiple(() =>
        {
            Assert.That(MaskBuilder.Count(m), Is.EqualTo(before));
            Assert.That(m[5, 5, 5], Is.EqualTo(0));
        });
    }

    [Test]
    public void FillHoles_TubeAlongZ_Planar_FillsEveryRingButNot3D()
    {
        // A square tube spanning all slices: each slice is a closed ring, but in 3D its inside reaches z = 0 and z = nz-1.
        Volume<byte> planar = MaskBuilder.Empty(10, 10, 6);
        MaskBuilder.Box(planar, new Int3(2, 2, 0), new Int3(7, 7, 5));
        MaskBuilder.Box(planar, new Int3(3, 3, 0), new Int3(6, 6, 5), 0);
        var volumetric = new Volume<byte>(planar.Geometry, (byte[])planar.Data.Clone());
        long ring = MaskBuilder.Count(planar);

        ConnectedComponents.FillHoles(planar, planar: true);
        ConnectedComponents.FillHoles(volumetric);

        Assert.Multiple(() =>
        {
            Assert.That(MaskBuilder.Count(planar), Is.EqualTo(6 * 6 * 6));
            Assert.That(MaskBuilder.Count(volumetric), Is.EqualTo(ring));
        });
    }
}
