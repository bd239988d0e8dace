using SurgicalNav.App.Server.Ar;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;

namespace SurgicalNav.App.Tests.Server.Ar;

public sealed class ControllerTipCalibratorTests
{
    private static readonly Vec3 Tip = new(4, -28, -62);
    private static readonly Vec3 Pivot = new(120, 950, -480);

    [Test]
    public void Solve_ConeOf30DegWithNoise_TipWithinHalfMm()
    {
        ControllerTipCalibration c = ControllerTipCalibrator.Solve("right", PivotPoses.Cone(Tip, Pivot, 30, noiseMm: 0.3));

        TestContext.Out.WriteLine($"tip {c.TipInGripMm} mm, RMS {c.RmsMm:0.000} mm, rotation range {c.RotationRangeDeg:0.0}°");
        Assert.That(Vec3.Distance(c.TipInGripMm, Tip), Is.LessThan(0.5), "tip offset in the grip frame, mm");
        Assert.That(Vec3.Distance(c.PivotInXrWorldMm, Pivot), Is.LessThan(0.5), "pivot in headset world, mm");
        Assert.That(c.RotationRangeDeg, Is.EqualTo(60).Within(1), "largest angle between two poses of a 30° cone, degrees");
        Assert.That(c.RmsMm, Is.LessThan(0.3));
    }

    [Test]
    public void Solve_LessThan20DegOfRotation_RefusedSayingHowFar()
    {
        var e = Assert.Throws<RegistrationException>(() => ControllerTipCalibrator.Solve("left", PivotPoses.Cone(Tip, Pivot, 7, noiseMm: 0.1)));

        Assert.That(e!.Message, Does.Contain("turned only 14.").And.Contain("at least 20°").And.Contain("rotate"));
    }

    [Test]
    public void Solve_TipSlidingOnTheSkin_HighRmsRefused()
    {
        RigidTransform[] poses = PivotPoses.Cone(Tip, Pivot, 30);
        // The tip slides 6 mm to and fro while the controller turns.
        poses = [.. poses.Select((p, i) => p with { Translation = p.Translation + new Vec3(i % 2 == 0 ? 3 : -3, 0, 0) })];

        var e = Assert.Throws<RegistrationException>(() => ControllerTipCalibrator.Solve("right", poses));

        Assert.That(e!.Message, Does.Contain("above the 1.5 mm limit").And.Contain("tip moved"));
    }

    [Test]
    public void Solve_PositionsInMetres_RefusedNamingUnits()
    {
        RigidTransform[] metres = PivotPoses.Cone(Tip / 1000, Pivot / 1000, 30);

        var e = Assert.Throws<RegistrationException>(() => ControllerTipCalibrator.Solve("right", metres));

        Assert.That(e!.Message, Does.Contain("look like metres"));
    }

    [Test]
    public void Solve_TooFewPosesOrUnknownHand_Refused()
    {
        Assert.That(() => ControllerTipCalibrator.Solve("right", PivotPoses.Cone(Tip, Pivot, 30, count: 5)),
            Throws.TypeOf<RegistrationException>().With.Message.Contains("at least 8"));
        Assert.That(() => ControllerTipCalibrator.Solve("middle", PivotPoses.Cone(Tip, Pivot, 30)),
            Throws.TypeOf<RegistrationException>().With.Message.Contains("\"right\" or \"left\""));
    }
}
