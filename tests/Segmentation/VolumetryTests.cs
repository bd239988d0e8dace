using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Tests.Masks;

namespace SurgicalNav.Segmentation.Tests;

public class VolumetryTests
{
    [Test]
    public void PerSegment_BoxOfHalfMillimetreVoxels_ReportsVoxelsAndMl()
    {
        Volume<byte> labels = MaskBuilder.Empty(40, 40, 40, new Vec3(0.5, 0.5, 2));
        MaskBuilder.Box(labels, new Int3(0, 0, 0), new Int3(19, 19, 9), 2); // 4000 voxels of 0.5 mm³ = 2 mL

        IReadOnlyList<SegmentVolume> rows = Volumetry.PerSegment(new LabelMap(labels, SegmentTable.Abdomen()));

        SegmentVolume bone = rows.Single(r => r.Name == "bone");
        Assert.That(bone.Voxels, Is.EqualTo(4000));
        Assert.That(bone.VolumeMl, Is.EqualTo(2.0).Within(0.005));
        Assert.That(rows.Single(r => r.Name == "liver").VolumeMl, Is.EqualTo(0));
    }

    [Test]
    public void RequireSameGrid_DifferentSpacing_ThrowsNamingBothFilesAndGrids()
    {
        ImageGeometry labels = ImageGeometry.Axial(new Int3(64, 64, 48), new Vec3(1, 1, 2), Vec3.Zero);
        ImageGeometry volume = ImageGeometry.Axial(new Int3(64, 64, 48), new Vec3(1, 1, 2.5), Vec3.Zero);

        var e = Assert.Throws<SegmentationException>(() => Volumetry.RequireSameGrid(labels, volume, "a.seg.nrrd", "ct.nrrd"));

        Assert.That(e!.Message, Does.Contain("a.seg.nrrd").And.Contain("ct.nrrd").And.Contain("1x1x2 mm").And.Contain("1x1x2.5 mm").And.Contain("resample"));
    }

    [Test]
    public void RequireSameGrid_SameGrid_DoesNotThrow()
    {
        ImageGeometry g = ImageGeometry.Axial(new Int3(8, 8, 8), new Vec3(1, 1, 1), new Vec3(-4, -4, 0));

        Assert.DoesNotThrow(() => Volumetry.RequireSameGrid(g, g with { }, "a", "b"));
    }
}
