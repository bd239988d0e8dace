using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Masks;

public class ConnectivityAndMorphologyTests
{
    [TestCase(Connectivity.Six, 3)]
    [TestCase(Connectivity.Eighteen, 2)]
    [TestCase(Connectivity.TwentySix, 1)]
    public void Label_VoxelsTouchingByEdgeAndCorner_CountsComponentsPerConnectivity(Connectivity connectivity, int expected)
    {
        Volume<byte> m = MaskBuilder.Empty(5, 5, 5);
        m[1, 1, 1] = 1;
        m[2, 2, 1] = 1; // shares an edge with the first
        m[3, 3, 2] = 1; // shares only a corner with the second

        ComponentLabeling labeling = ConnectedComponents.Label(m, connectivity: connectivity);

        Assert.That(labeling.Count, Is.EqualTo(expected));
    }

    [Test]
    public void RemoveSmallerThanMl_TwoBoxesAtHalfMmSpacing_KeepsOnlyTheOneOfAtLeastTheVolume()
    {
        // 0.5 mm isotropic: 8000 voxels = 1 mL. A 20³ box is exactly 1 mL, a 10³ box 0.125 mL.
        Volume<byte> m = MaskBuilder.Empty(40, 30, 30, new Vec3(0.5, 0.5, 0.5));
        MaskBuilder.Box(m, new Int3(0, 0, 0), new Int3(19, 19, 19));
        MaskBuilder.Box(m, new Int3(25, 5, 5), new Int3(34, 14, 14));

        int kept = ConnectedComponents.RemoveSmallerThanMl(m, 1.0);

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(1));
            Assert.That(MaskBuilder.Count(m), Is.EqualTo(8000));
        });
    }

    [Test]
    public void RemoveSmallerThanMl_NegativeVolume_ThrowsSayingMl()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectedComponents.RemoveSmallerThanMl(MaskBuilder.Empty(2, 2, 2), -1));
        Assert.That(e!.Message, Does.Contain("mL"));
    }

    [Test]
    public void Erode_BoxBy1MmAtAnisotropicSpacing_PeelsOneVoxelInXyAndNoneInZ()
    {
        // Spacing 1 x 1 x 2 mm: a clear voxel 1 mm away in x or y removes the edge voxel; 2 mm in z is beyond the radius.
        Volume<byte> m = MaskBuilder.Empty(12, 12, 12, new Vec3(1, 1, 2));
        MaskBuilder.Box(m, new Int3(2, 2, 2), new Int3(9, 9, 9));

        Volume<byte> eroded = MaskOps.Erode(m, 1.0);

        Volume<byte> expected = MaskBuilder.Empty(12, 12, 12, new Vec3(1, 1, 2));
        MaskBuilder.Box(expected, new Int3(3, 3, 2), new Int3(8, 8, 9));
        Assert.That(eroded.Data, Is.EqualTo(expected.Data));
    }

    [Test]
    public void Close_TwoBoxesWithOneVoxelGap_BridgesTheGapAndKeepsOuterShape()
    {
        Volume<byte> m = MaskBuilder.Empty(20, 10, 10);
        MaskBuilder.Box(m, new Int3(2, 2, 2), new Int3(8, 7, 7));
        MaskBuilder.Box(m, new Int3(10, 2, 2), new Int3(16, 7, 7));

        Volume<byte> closed = MaskOps.Close(m, 1.5);

        // Inside the boxes' cross-section the gap is filled; a sphere cannot reach into the gap's corner edges, and
        // nothing grows outside the union of the boxes' bounding box.
        Volume<byte> bounding = MaskBuilder.Empty(20, 10, 10);
        MaskBuilder.Box(bounding, new Int3(2, 2, 2), new Int3(16, 7, 7));
        int gapFilled = 0, outside = 0;
        for (int k = 0; k < 10; k++) for (int j = 0; j < 10; j++) for (int i = 0; i < 20; i++)
        {
            if (closed[i, j, k] != 0 && bounding[i, j, k] == 0) outside++;
            if (i == 9 && j is >= 3 and <= 6 && k is >= 3 and <= 6 && closed[i, j, k] != 0) gapFilled++;
        }
        Assert.Multiple(() =>
        {
            Assert.That(gapFilled, Is.EqualTo(16), "the 4x4 core of the gap is bridged");
            Assert.That(outside, Is.EqualTo(0));
            Assert.That(ConnectedComponents.Label(closed).Count, Is.EqualTo(1));
            for (int n = 0; n < m.Data.Length; n++) if (m.Data[n] != 0) Assert.That(closed.Data[n], Is.EqualTo(1), "closing never removes a voxel");
        });
    }

    [Test]
    public void Open_BoxWithOneVoxelSpike_RemovesTheSpike()
    {
        Volume<byte> m = MaskBuilder.Empty(16, 16, 16);
        MaskBuilder.Box(m, new Int3(3, 3, 3), new Int3(10, 10, 10));
        MaskBuilder.Box(m, new Int3(11, 6, 6), new Int3(14, 6, 6));

        Volume<byte> opened = MaskOps.Open(m, 1.5);

        Assert.Multiple(() =>
        {
            Assert.That(opened[13, 6, 6], Is.EqualTo(0), "the 1-voxel-thick spike is gone");
            Assert.That(opened[6, 6, 6], Is.EqualTo(1), "the box interior stays");
        });
    }
}
