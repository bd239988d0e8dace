using SurgicalNav.Imaging;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.Registration.Tests.Calibration;

public class SpinCalibrationTests
{
    [Test]
    public void Solve_SpunAboutShaftWithJitter_AxisWithinHalfDegree()
    {
        var shaft = new Vec3(0.05, -0.02, 1).Normalized();
        var rng = new Random(3);
        Matrix3 start = PivotPoses.Orientation(15, 40, 0);
        var poses = new List<ToolPose>();
        for (int i = 0; i < 60; i++)
        {
            Matrix3 spin = RotationMath.AxisAngle(shaft, i * 3 * Math.PI / 180);
            // 0.1° orientation jitter, as an optical tracker gives for a small marker.
            Matrix3 jitter = RotationMath.FromRotationVector(Synthetic.Noise(rng, 0.1 * Math.PI / 180));
            poses.Add(new ToolPose(new RigidTransform(RotationMath.Multiply(RotationMath.Multiply(start, spin), jitter), new Vec3(0, 0, -1000)), i));
        }

        SpinResult r = SpinCalibration.Solve(poses, tipInTool: PivotPoses.TipInTool);

        double angleDeg = Math.Acos(Math.Clamp(Vec3.Dot(r.AxisInTool, shaft), -1, 1)) * 180 / Math.PI;
        Assert.That(angleDeg, Is.LessThan(0.5));
        Assert.That(r.SpinRangeDeg, Is.EqualTo(177).Within(1));
    }

    [Test]
    public void Solve_BarelySpun_RejectedAskingForMore()
    {
        List<ToolPose> poses = Enumerable.Range(0, 10).Select(i => new ToolPose(new RigidTransform(RotationMath.AxisAngle(new Vec3(0, 0, 1), i * Math.PI / 180), Vec3.Zero), i)).ToList();

        var e = Assert.Throws<RegistrationException>(() => SpinCalibration.Solve(poses));

        Assert.That(e!.Message, Does.Contain("at least 20°"));
    }
}
