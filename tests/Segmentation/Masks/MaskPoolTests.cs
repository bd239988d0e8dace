using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Masks;

public class MaskPoolTests
{
    private static readonly ImageGeometry Grid = ImageGeometry.Axial(new Int3(5, 4, 3), new Vec3(1, 1, 1), Vec3.Zero);

    [Test]
    public void Rent_AfterReturn_ReusesTheArrayCleared()
    {
        var pool = new MaskPool(Grid);
        Volume<byte> first = pool.Rent();
        Array.Fill(first.Data, (byte)1);
        byte[] array = first.Data;
        pool.Return(first);

        Volume<byte> second = pool.Rent();

        Assert.Multiple(() =>
        {
            Assert.That(second.Data, Is.SameAs(array), "a returned mask's memory is used again, not reallocated");
            Assert.That(second.Data, Is.All.EqualTo(0));
        });
    }

    [Test]
    public void RentCopy_Mask_CopiesEveryVoxel()
    {
        var pool = new MaskPool(Grid);
        Volume<byte> mask = pool.Rent();
        mask[1, 2, 2] = 1;
        pool.Return(pool.Rent());

        Volume<byte> copy = pool.RentCopy(mask);

        Assert.That(copy.Data, Is.EqualTo(mask.Data).And.Not.SameAs(mask.Data));
    }

    [Test]
    public void Return_MaskOfAnotherGrid_ThrowsNamingBothSizes()
    {
        var pool = new MaskPool(Grid);
        var other = new Volume<byte>(ImageGeometry.Axial(new Int3(2, 2, 2), new Vec3(1, 1, 1), Vec3.Zero));
        var e = Assert.Throws<ArgumentException>(() => pool.Return(other));
        Assert.That(e!.Message, Does.Contain("2x2x2").And.Contain("5x4x3"));
    }
}
