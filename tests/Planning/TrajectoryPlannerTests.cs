using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests;

public class TrajectoryPlannerTests
{
    private static PlanTarget SphereTarget() =>
        new("tumor 1", PlanningScenes.SphereTumorCenter, PlanningScenes.SphereTumorRadius, 0.9);

    private static void AssertSafe(LabelMap map, Trajectory t, PlanningOptions options)
    {
        HashSet<byte> crossed = PlanningScenes.LabelsAlong(map, t.TargetMm, t.EntryMm);
        Assert.Multiple(() =>
        {
            Assert.That(t.MeetsClearance, Is.True, t.Warning);
            Assert.That(t.Warning, Is.Null);
            Assert.That(PlanningScenes.OnSurface(map, t.EntryMm), Is.True, $"entry {t.EntryMm} is on the body surface");
            Assert.That(crossed, Does.Not.Contain(PlanningScenes.Bone).And.Not.Contain(PlanningScenes.Vessels));
            Assert.That(t.MinClearanceMm["vessels"], Is.GreaterThanOrEqualTo(options.VesselClearanceMm));
            Assert.That(t.MinClearanceMm["bone"], Is.GreaterThanOrEqualTo(options.BoneClearanceMm));
            Assert.That(t.LengthMm, Is.EqualTo((t.EntryMm - t.TargetMm).Length).Within(1e-6));
            Assert.That(t.LengthMm, Is.LessThanOrEqualTo(options.NeedleLengthMm));
        });
    }

    [Test]
    public void Suggest_SphereScene_EntryOnSkinClearOfBoneAndVesselsWithRequiredClearance()
    {
        LabelMap map = PlanningScenes.SphereScene();
        var planner = new TrajectoryPlanner(map);

        (Trajectory best, int safe) = planner.Suggest(SphereTarget());

        Assert.That(safe, Is.GreaterThan(0));
        AssertSafe(map, best, planner.Options);
        // Every direction reaches the skin 36 mm from the body centre; the tumour sits within 0.7 mm of it.
        Assert.That(best.LengthMm, Is.EqualTo(PlanningScenes.BodyRadius).Within(2.0));
    }

    [Test]
    public void Suggest_ShortestPathBlockedByBoneAndVessel_PicksLongerSafePath()
    {
        // Body box 4..75 mm; tumour 10 mm above the z = 3.5 mm skin, every other face is >= 35 mm away. A bone plate
        // and, under it, a vessel block the short way down.
        LabelMap map = PlanningScenes.Empty();
        var center = new Vec3(40, 40, 14);
        PlanningScenes.Paint(map, p => p.X is >= 4 and <= 75 && p.Y is >= 4 and <= 75 && p.Z is >= 4 and <= 75, PlanningScenes.Body);
        PlanningScenes.Paint(map, p => p.X is >= 12 and <= 68 && p.Y is >= 12 and <= 68 && p.Z is >= 7 and <= 9, PlanningScenes.Bone);
        PlanningScenes.Paint(map, p => p.X is >= 12 and <= 68 && Math.Sqrt((p.Y - 40) * (p.Y - 40) + (p.Z - 5) * (p.Z - 5)) <= 1.5, PlanningScenes.Vessels);
        PlanningScenes.Paint(map, p => (p - center).Length <= 3, PlanningScenes.Tumor);
        var planner = new TrajectoryPlanner(map);
        var target = new PlanTarget("tumor 1", center, 3, 0.1);
        double shortestToSkin = center.Z - 3.5;
        Trajectory straightDown = planner.Evaluate("straight down", target, new Vec3(40, 40, 3));

        (Trajectory best, _) = planner.Suggest(target);

        Assert.That(straightDown.MeetsClearance, Is.False, "the shortest path is blocked");
        AssertSafe(map, best, planner.Options);
        Assert.That(best.LengthMm, Is.GreaterThan(shortestToSkin + 5));
    }

    [Test]
    public void Evaluate_ManualPathThroughVessel_FailsClearanceWithWarning()
    {
        var planner = new TrajectoryPlanner(PlanningScenes.SphereScene());
        // Straight along +y from the tumour: through the vessel cylinder at y 56..64 mm to the skin at y 76 mm.
        var entry = new Vec3(40.25, 77, 40.4);

        Trajectory t = planner.Evaluate("manual", SphereTarget(), entry);

        Assert.Multiple(() =>
        {
            Assert.That(t.MeetsClearance, Is.False);
            Assert.That(t.Warning, Does.Contain("crosses"));
            Assert.That(t.MinClearanceMm["vessels"], Is.EqualTo(0));
            Assert.That(t.LengthMm, Is.EqualTo((entry - t.TargetMm).Length).Within(1e-6));
        });
    }

    [Test]
    public void Evaluate_ManualPathPassingCloseToVessel_FailsClearanceWithoutCrossing()
    {
        var planner = new TrajectoryPlanner(PlanningScenes.SphereScene());
        // Along +y at x = 46.5 mm: 2.5 mm from the vessel's surface (x 36..44), less than the 3 mm required.
        var from = new PlanTarget("tumor 1", new Vec3(46.5, 40, 40), 6, 0.9);

        Trajectory t = planner.Evaluate("manual", from, new Vec3(46.5, 77, 40));

        Assert.Multiple(() =>
        {
            Assert.That(t.MeetsClearance, Is.False);
            Assert.That(t.Warning, Does.Contain("clearance below"));
            Assert.That(t.MinClearanceMm["vessels"], Is.GreaterThan(0).And.LessThan(3));
        });
    }

    [Test]
    public void Suggest_TargetOutsideTheBody_ThrowsPlanningException()
    {
        var planner = new TrajectoryPlanner(PlanningScenes.SphereScene());

        var e = Assert.Throws<PlanningException>(() => planner.Suggest(new PlanTarget("stray", new Vec3(2, 2, 2), 3, 0.1)));

        Assert.That(e!.Message, Does.Contain("outside the body").And.Contain("stray"));
    }

    [Test]
    public void Suggest_TargetOutsideTheImage_ThrowsPlanningException()
    {
        var planner = new TrajectoryPlanner(PlanningScenes.SphereScene());

        var e = Assert.Throws<PlanningException>(() => planner.Suggest(new PlanTarget("far", new Vec3(500, 0, 0), 3, 0.1)));

        Assert.That(e!.Message, Does.Contain("outside the image"));
    }

    [Test]
    public void Suggest_PhantomTruthTumours_MeetClearanceAndNeverCrossTruthBoneOrVessels()
    {
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(128, 128, 96), Seed: 3));
        var map = new LabelMap(p.Labels, SegmentTable.Abdomen());
        var planner = new TrajectoryPlanner(map);

        IReadOnlyList<PlanTarget> targets = TargetFinder.FromSegment(map, "tumor");

        Assert.That(targets, Has.Count.EqualTo(p.Truth.Tumors.Count));
        foreach (PlanTarget target in targets)
        {
            (Trajectory best, _) = planner.Suggest(target);
            TestContext.Out.WriteLine($"{target.Name}: {best.LengthMm:F2} mm, clearance vessels {best.MinClearanceMm["vessels"]} bone {best.MinClearanceMm["bone"]}");
            AssertSafe(map, best, planner.Options);
        }
    }
}
