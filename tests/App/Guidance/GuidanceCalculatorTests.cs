using SurgicalNav.App.Guidance;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Tests.Guidance;

public sealed class GuidanceCalculatorTests
{
    private static readonly Vec3 Entry = new(0, -100, 0), Target = new(0, 0, 0); // path along +y, 100 mm

    [Test]
    public void Compute_TipOnThePathPointingAlongIt_HasOnlyRemainingDepth()
    {
        var f = GuidanceCalculator.Compute(Entry, Target, new Vec3(0, -40, 0), new Vec3(0, 1, 0));
        Assert.That(f.TipToTargetMm, Is.EqualTo(40).Within(1e-9));
        Assert.That(f.RemainingDepthMm, Is.EqualTo(40).Within(1e-9));
        Assert.That(f.LateralOffsetMm, Is.EqualTo(0).Within(1e-9));
        Assert.That(f.AngleErrorDeg, Is.EqualTo(0).Within(1e-6));
        Assert.That(f.AimBullseyeXMm, Is.EqualTo(0).Within(1e-9));
    }

    [Test]
    public void Compute_OffsetAndTilted_GivesPythagorasAndTheTilt()
    {
        // 3 mm left and 4 mm up of the path, 30 mm before the target, tilted 10° towards +x.
        double tilt = 10 * Math.PI / 180;
        var f = GuidanceCalculator.Compute(Entry, Target, new Vec3(3, -30, 4), new Vec3(Math.Sin(tilt), Math.Cos(tilt), 0));
        Assert.That(f.LateralOffsetMm, Is.EqualTo(5).Within(1e-9));
        Assert.That(f.RemainingDepthMm, Is.EqualTo(30).Within(1e-9));
        Assert.That(f.TipToTargetMm, Is.EqualTo(Math.Sqrt(900 + 25)).Within(1e-9));
        Assert.That(f.AngleErrorDeg, Is.EqualTo(10).Within(1e-9));
        Assert.That(Math.Sqrt(f.TipBullseyeXMm * f.TipBullseyeXMm + f.TipBullseyeYMm * f.TipBullseyeYMm), Is.EqualTo(5).Within(1e-9));
        // The extension travels 30 mm along y and tan(10°)·30 mm further along x: aim = (3 + 5.29, 4).
        double aimX = f.AimBullseyeXMm!.Value, aimY = f.AimBullseyeYMm!.Value;
        Assert.That(Math.Sqrt(aimX * aimX + aimY * aimY), Is.EqualTo(Math.Sqrt(Math.Pow(3 + 30 * Math.Tan(tilt), 2) + 16)).Within(1e-9));
    }

    [Test]
    public void Compute_PastTheTarget_RemainingDepthIsNegative()
    {
        var f = GuidanceCalculator.Compute(Entry, Target, new Vec3(0, 7.5, 0), new Vec3(0, 1, 0));
        Assert.That(f.RemainingDepthMm, Is.EqualTo(-7.5).Within(1e-9));
    }

    [Test]
    public void Compute_NeedlePerpendicular_HasNoAimPoint()
    {
        var f = GuidanceCalculator.Compute(Entry, Target, new Vec3(0, -30, 0), new Vec3(1, 0, 0));
        Assert.That(f.AngleErrorDeg, Is.EqualTo(90).Within(1e-9));
        Assert.That(f.AimBullseyeXMm, Is.Null);
    }

    [Test]
    public void Compute_EntryEqualsTarget_ThrowsNamingThePath()
    {
        var error = Assert.Throws<ArgumentException>(() => GuidanceCalculator.Compute(Target, Target, Vec3.Zero, new Vec3(0, 1, 0)));
        Assert.That(error!.Message, Does.Contain("no length"));
    }

    [Test]
    public void Basis_AnyPath_IsOrthonormalAndPerpendicular()
    {
        foreach (Vec3 u in new[] { new Vec3(0, 1, 0), new Vec3(1, 0, 0), new Vec3(0.3, -0.5, 0.81).Normalized() })
        {
            (Vec3 e1, Vec3 e2) = GuidanceCalculator.Basis(u);
            Assert.That(Vec3.Dot(e1, u), Is.EqualTo(0).Within(1e-12));
            Assert.That(Vec3.Dot(e2, u), Is.EqualTo(0).Within(1e-12));
            Assert.That(Vec3.Dot(e1, e2), Is.EqualTo(0).Within(1e-12));
            Assert.That(e1.Length, Is.EqualTo(1).Within(1e-12));
            Assert.That(e2.Length, Is.EqualTo(1).Within(1e-12));
        }
    }
}
