using SurgicalNav.Imaging;

namespace SurgicalNav.Imaging.Tests;

public class VoxelBoxTests
{
    private static readonly ImageGeometry Grid = new(new Int3(7, 6, 5), new Vec3(0.5, 0.8, 1.2), new Vec3(-10, 20, 30), Matrix3.Identity);

    private static Volume<short> Ramp()
    {
        var v = new Volume<short>(Grid);
        for (int n = 0; n < v.Data.Length; n++) v.Data[n] = (short)n;
        return v;
    }

    [Test]
    public void Copy_Box_HoldsTheFullVoxelsAndSitsAtTheirPatientPosition()
    {
        var box = new VoxelBox(new Int3(2, 1, 3), new Int3(4, 3, 2));
        Volume<short> full = Ramp();

        Volume<short> part = box.Copy(full);

        Assert.Multiple(() =>
        {
            Assert.That(part.Dimensions, Is.EqualTo(new Int3(4, 3, 2)));
            Assert.That(part[0, 0, 0], Is.EqualTo(full[2, 1, 3]));
            Assert.That(part[3, 2, 1], Is.EqualTo(full[5, 3, 4]));
            Vec3 a = part.Geometry.IndexToPatient(3, 2, 1), b = full.Geometry.IndexToPatient(5, 3, 4);
            Assert.That((a - b).Length, Is.LessThan(1e-9), "the box's own grid puts each voxel where the full grid has it (mm)");
        });
    }

    [Test]
    public void Paste_BoxIntoZeroVolume_WritesOnlyTheBox()
    {
        var box = new VoxelBox(new Int3(1, 2, 0), new Int3(3, 2, 4));
        Volume<short> full = Ramp();
        var target = new Volume<short>(Grid);

        box.Paste(box.Copy(full), target);

        for (int k = 0; k < 5; k++)
        for (int j = 0; j < 6; j++)
        for (int i = 0; i < 7; i++)
        {
            short expected = box.Contains(new Int3(i, j, k)) ? full[i, j, k] : (short)0;
            Assert.That(target[i, j, k], Is.EqualTo(expected), $"voxel {i},{j},{k}");
        }
    }

    [Test]
    public void Grow_PastTheGridEdge_IsClipped()
    {
        VoxelBox grown = new VoxelBox(new Int3(1, 4, 2), new Int3(2, 2, 1)).Grow(new Int3(3, 1, 10), Grid.Dimensions);
        Assert.That(grown, Is.EqualTo(new VoxelBox(new Int3(0, 3, 0), new Int3(6, 3, 5))));
    }

    [Test]
    public void Copy_BoxReachingOutsideTheGrid_ThrowsNamingBoxAndGrid()
    {
        var e = Assert.Throws<ArgumentException>(() => new VoxelBox(new Int3(5, 0, 0), new Int3(4, 1, 1)).Copy(Ramp()));
        Assert.That(e!.Message, Does.Contain("5,0,0+4x1x1").And.Contain("7x6x5"));
    }
}
