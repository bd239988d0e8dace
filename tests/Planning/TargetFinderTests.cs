using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests;

public class TargetFinderTests
{
    [Test]
    public void FromSegment_TumorSphere_CentroidWithinHalfMmAndVolumeWithin5Percent()
    {
        LabelMap map = PlanningScenes.SphereScene();

        IReadOnlyList<PlanTarget> targets = TargetFinder.FromSegment(map, "tumor");

        double analyticMl = 4.0 / 3.0 * Math.PI * Math.Pow(PlanningScenes.SphereTumorRadius, 3) / 1000;
        Assert.That(targets, Has.Count.EqualTo(1));
        PlanTarget t = targets[0];
        Assert.Multiple(() =>
        {
            Assert.That((t.CenterMm - PlanningScenes.SphereTumorCenter).Length, Is.LessThan(0.5));
            Assert.That(t.VolumeMl, Is.EqualTo(analyticMl).Within(5).Percent);
            Assert.That(t.RadiusMm, Is.EqualTo(PlanningScenes.SphereTumorRadius).Within(2).Percent);
        });
    }

    [Test]
    public void FromSegment_TwoTumours_LargestFirstAndTinyPartsIgnored()
    {
        LabelMap map = PlanningScenes.Empty();
        PlanningScenes.Paint(map, p => (p - new Vec3(40, 40, 40)).Length <= 30, PlanningScenes.Body);
        PlanningScenes.Paint(map, p => (p - new Vec3(30, 40, 40)).Length <= 4, PlanningScenes.Tumor);
        PlanningScenes.Paint(map, p => (p - new Vec3(52, 40, 40)).Length <= 7, PlanningScenes.Tumor);
        map.Labels[40, 60, 40] = PlanningScenes.Tumor; // 0.001 mL speck, below the 0.05 mL minimum

        IReadOnlyList<PlanTarget> targets = TargetFinder.FromSegment(map, "tumor");

        Assert.That(targets, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That((targets[0].CenterMm - new Vec3(52, 40, 40)).Length, Is.LessThan(0.5));
            Assert.That((targets[1].CenterMm - new Vec3(30, 40, 40)).Length, Is.LessThan(0.5));
        });
    }

    [Test]
    public void FromSegment_UnknownSegment_ThrowsListingSegments()
    {
        var e = Assert.Throws<PlanningException>(() => TargetFinder.FromSegment(PlanningScenes.Empty(), "spleen"));

        Assert.That(e!.Message, Does.Contain("spleen").And.Contain("tumor"));
    }
}
