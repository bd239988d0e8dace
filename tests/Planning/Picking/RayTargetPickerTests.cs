using SurgicalNav.Imaging;
using SurgicalNav.Planning.Picking;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Picking;

public class RayTargetPickerTests
{
    [Test]
    public void Pick_RayThroughBodyAndTumour_TargetsTheMiddleOfTheTumourChord()
    {
        LabelMap map = PlanningScenes.SphereScene();
        Vec3 centre = PlanningScenes.SphereTumorCenter;
        Vec3 direction = new Vec3(1, 2, -0.5).Normalized();
        Vec3 origin = centre - direction * 120;

        RayTarget picked = RayTargetPicker.Pick(map, origin, direction * 3, ["tumor"]);

        Assert.That(picked.Segment, Is.EqualTo("tumor"));
        Assert.That(picked.Crossings[0].Segment, Is.EqualTo("body"), "the body is met first and does not stop the ray");
        // The tumour is a voxelised 6 mm ball, so its chord through the centre is 12 mm to within a voxel.
        Assert.That(picked.ChordMm!.Value, Is.EqualTo(12).Within(1.5));
        Assert.That(Vec3.Distance(picked.TargetMm!.Value, centre), Is.LessThan(0.75), "the middle of the chord is the tumour centre");
        Assert.That(Vec3.Distance(picked.TargetMm!.Value, origin + direction * picked.AlongMm!.Value), Is.LessThan(1e-9), "the target lies on the ray");
    }

    [Test]
    public void Pick_RayMissingTheTumour_HasNoTargetButListsWhatItCrossed()
    {
        LabelMap map = PlanningScenes.SphereScene();
        Vec3 origin = PlanningScenes.SphereTumorCenter + new Vec3(0, 0, 20) - new Vec3(100, 0, 0);

        RayTarget picked = RayTargetPicker.Pick(map, origin, new Vec3(1, 0, 0), ["tumor"]);

        Assert.That(picked.TargetMm, Is.Null);
        Assert.That(picked.Segment, Is.Null);
        Assert.That(picked.Crossings.Select(c => c.Segment), Does.Contain("body").And.Not.Contain("tumor"));
    }

    [Test]
    public void TargetSegments_PlanTargetsNamedAfterSegments_AddThoseSegmentsToTheTumour()
    {
        var plan = new Plan([new PlanTarget("liver 2", Vec3.Zero, 5, 1), new PlanTarget("manual", Vec3.Zero, 0, 0), new PlanTarget("vessels x", Vec3.Zero, 0, 0)],
            [], Plan.DefaultMarginMm, new Dictionary<string, double>());

        var names = RayTargetPicker.TargetSegments(SegmentTable.Abdomen(), plan);

        Assert.That(names, Is.EquivalentTo(new[] { "tumor", "liver" }));
    }
}
