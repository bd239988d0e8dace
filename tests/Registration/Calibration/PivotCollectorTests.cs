using SurgicalNav.Imaging;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.Registration.Tests.Calibration;

public class PivotCollectorTests
{
    [Test]
    public void Add_StreamOfConePoses_ReadyAndTipWithinPointThreeMm()
    {
        var collector = new PivotCollector();
        var rng = new Random(8);
        PivotCollectorStatus last = PivotCollectorStatus.Accepted;
        int offered = 0;
        // A user circling the stylus at 250 Hz: the cone widens from 0 to 20° half-angle over 8 s.
        for (; offered < 2000 && last != PivotCollectorStatus.Ready; offered++)
        {
            double t = offered / 250.0;
            Matrix3 r = PivotPoses.Orientation(Math.Min(20, 2.5 * t), 90 * t, 10 * Math.Sin(t));
            last = collector.Add(PivotPoses.Pose(r, rng, 0.25, (long)(t * 1e9)));
        }

        Assert.That(last, Is.EqualTo(PivotCollectorStatus.Ready), collector.Progress);
        PivotResult result = collector.Calibrate();
        TestContext.Out.WriteLine($"ready after {offered} poses offered, {collector.Samples.Count} kept; tip error {Vec3.Distance(result.TipInTool, PivotPoses.TipInTool):0.000} mm");
        Assert.That(collector.ConeDeg, Is.GreaterThanOrEqualTo(30));
        Assert.That(Vec3.Distance(result.TipInTool, PivotPoses.TipInTool), Is.LessThan(0.3));
    }

    [Test]
    public void Add_ToolHeldStill_DuplicatesRejectedNeverReady()
    {
        var collector = new PivotCollector();
        var rng = new Random(9);
        Matrix3 r = PivotPoses.Orientation(10, 30, 0);

        var statuses = Enumerable.Range(0, 500).Select(i => collector.Add(PivotPoses.Pose(r, rng, 0.25, i))).ToList();

        Assert.That(statuses.Count(s => s == PivotCollectorStatus.Duplicate), Is.EqualTo(499));
        Assert.That(collector.IsReady, Is.False);
        Assert.Throws<RegistrationException>(() => collector.Calibrate());
    }

    [Test]
    public void Add_SwingInOnePlane_NotReadyAndSaysWhy()
    {
        var collector = new PivotCollector();
        var rng = new Random(10);

        for (int i = 0; i < 400; i++) collector.Add(PivotPoses.Pose(PivotPoses.Orientation(30 * Math.Sin(i * 0.05), 0, 0), rng, 0.25, i));

        Assert.That(collector.ConeDeg, Is.GreaterThan(30));
        Assert.That(collector.IsReady, Is.False);
        Assert.That(collector.Progress, Does.Contain("second direction"));
    }

    [Test]
    public void Add_InvalidOrNaNPose_Rejected()
    {
        var collector = new PivotCollector();
        var nan = new ToolPose(new RigidTransform(Matrix3.Identity, new Vec3(double.NaN, 0, 0)), 0);

        Assert.That(collector.Add(nan), Is.EqualTo(PivotCollectorStatus.Rejected));
        Assert.That(collector.Add(new ToolPose(RigidTransform.Identity, 1), valid: false), Is.EqualTo(PivotCollectorStatus.Rejected));
        Assert.That(collector.Samples, Is.Empty);
    }
}
