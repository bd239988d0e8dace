using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Bugs;

/// <summary>
/// Regression: Trajectory.LengthMm and MinClearanceMm were rounded to 0.01 mm inside the planner, so the length
/// disagreed with |EntryMm - TargetMm| (65.62 vs 65.625 mm on the phantom) and a reported clearance could read
/// as meeting the minimum while MeetsClearance, computed before rounding, said it did not.
/// </summary>
public class TrajectoryLengthRoundedToCentimicronsTests
{
    [TestCase(40.25, 77, 40.4)]
    [TestCase(61.123, 70.777, 52.005)]
    [TestCase(12.3456, 30.0001, 69.9999)]
    public void Evaluate_AnyEntry_LengthEqualsEntryToTargetDistanceWithin1e9(double x, double y, double z)
    {
        var planner = new TrajectoryPlanner(PlanningScenes.SphereScene());
        var target = new PlanTarget("tumor 1", PlanningScenes.SphereTumorCenter, 6, 0.9);
        var entry = new Vec3(x, y, z);

        Trajectory t = planner.Evaluate("manual", target, entry);

        Assert.That(t.LengthMm, Is.EqualTo((entry - target.CenterMm).Length).Within(1e-9));
    }

    [Test]
    public void Suggest_CoarseGridWithFractionalStep_LengthEqualsEntryToTargetDistanceWithin1e9()
    {
        // 3.125 mm voxels give a 1.5625 mm ray step, whose multiples have four decimals.
        var g = ImageGeometry.Axial(new Int3(32, 32, 32), new Vec3(3.125, 3.125, 3.125), Vec3.Zero);
        LabelMap map = LabelMap.Empty(g, SegmentTable.Abdomen());
        var centre = new Vec3(48.4, 48.4, 48.4);
        for (int k = 0; k < 32; k++) for (int j = 0; j < 32; j++) for (int i = 0; i < 32; i++)
            if ((g.IndexToPatient(i, j, k) - centre).Length <= 40) map.Labels[i, j, k] = PlanningScenes.Body;
        var planner = new TrajectoryPlanner(map, new PlanningOptions(Directions: 200));

        (Trajectory best, _) = planner.Suggest(new PlanTarget("t", new Vec3(50.1, 47.3, 49.9), 3, 0.1));

        Assert.That(best.LengthMm, Is.EqualTo((best.EntryMm - best.TargetMm).Length).Within(1e-9));
    }
}
