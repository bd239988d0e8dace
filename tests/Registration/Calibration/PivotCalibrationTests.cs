using SurgicalNav.Imaging;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.Registration.Tests.Calibration;

public class PivotCalibrationTests
{
    [Test]
    public void Solve_NoiseFree_ExactTip()
    {
        PivotResult r = PivotCalibration.Solve(PivotPoses.Cone(20, 25, 0, seed: 1));

        Assert.That(Vec3.Distance(r.TipInTool, PivotPoses.TipInTool), Is.LessThan(1e-9));
        Assert.That(Vec3.Distance(r.PivotInTracker, PivotPoses.PivotInTracker), Is.LessThan(1e-9));
        Assert.That(r.RmsResidualMm, Is.LessThan(1e-9));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Solve_QuarterMillimetreNoise_TipWithinPointThreeMm(int seed)
    {
        PivotResult r = PivotCalibration.Solve(PivotPoses.Cone(200, 20, 0.25, seed));

        double tipError = Vec3.Distance(r.TipInTool, PivotPoses.TipInTool);
        TestContext.Out.WriteLine($"seed {seed}: tip error {tipError:0.000} mm, RMS residual {r.RmsResidualMm:0.000} mm, spread {r.SpreadDeg:0}°");
        Assert.That(tipError, Is.LessThan(0.3));
        Assert.That(r.RmsResidualMm, Is.EqualTo(0.25).Within(0.05), "residual reflects the tracker noise");
    }

    [Test]
    public void Solve_SwingInOnePlane_RejectedAskingForTwoDirections()
    {
        var rng = new Random(2);
        List<ToolPose> poses = Enumerable.Range(0, 30).Select(i => PivotPoses.Pose(PivotPoses.Orientation(-20 + 40.0 * i / 29, 0, 0), rng, 0, i)).ToList();

        var e = Assert.Throws<RegistrationException>(() => PivotCalibration.Solve(poses));

        Assert.That(e!.Message, Does.Contain("two directions"));
    }

    [Test]
    public void Solve_ThreePoses_Rejected() =>
        Assert.Throws<RegistrationException>(() => PivotCalibration.Solve(PivotPoses.Cone(3, 20, 0, seed: 1)));

    [Test]
    public void Solve_NaNPose_RejectedNamingIt()
    {
        List<ToolPose> poses = PivotPoses.Cone(10, 20, 0, seed: 1);
        poses[6] = poses[6] with { ToolToTracker = poses[6].ToolToTracker with { Translation = new Vec3(double.NaN, 0, 0) } };

        var e = Assert.Throws<RegistrationException>(() => PivotCalibration.Solve(poses));

        Assert.That(e!.Message, Does.Contain("pose 7"));
    }

    [Test]
    public void ToolToTip_PutsTipAtOrigin()
    {
        PivotResult r = PivotCalibration.Solve(PivotPoses.Cone(20, 25, 0, seed: 1));

        Assert.That(r.ToolToTip.Apply(PivotPoses.TipInTool).Length, Is.LessThan(1e-9));
    }
}
