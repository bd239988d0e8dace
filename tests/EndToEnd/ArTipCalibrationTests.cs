using SurgicalNav.App.Server.Ar;
using SurgicalNav.App.Tests.Server.Ar;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// The controller tip calibration in iwer's emulated Quest 3: the emulated controller's grip pivots about a known point
/// with a known tip offset (plus noise) while the trigger is held; the server solves the tip from the grip poses the
/// headset sent, or refuses too little rotation with the reason shown red.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ArTipCalibrationTests : ServedCaseFixture
{
    private static readonly Vec3 PivotMm = new(80, 1050, -450);

    [Test]
    public async Task PivotAboutAKnownPoint_TipRecoveredWithinHalfMm_LaterTouchesUseIt()
    {
        var page = await ArDriver.EnterArAsync(Chromium, Server.Url);
        if (await ArDriver.StateAsync(page) != "calibrating")
        {
            await XrDriver.PressAsync(page, "right", "b-button");
            await ArDriver.WaitAsync(page, "() => window.__surgicalnavAr.state === 'calibrating'", 10_000);
        }
        await Screenshots.SaveAsync(page, "ar-tip-calibration");
        RigidTransform[] poses = PivotPoses.Cone(ArDriver.TipInGripMm, PivotMm, 35, count: 20, noiseMm: 0.3, seed: 7);

        await ArDriver.PivotAsync(page, "right", poses);

        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavAr.error"), Is.Null);
        Assert.That(await page.EvaluateAsync<int>("() => window.__surgicalnavAr.sampledPoses"), Is.EqualTo(poses.Length), "one grip pose per placed pose");
        ControllerTipCalibration c = (await ArDriver.StateFromServerAsync(Server.Url)).TipCalibrations.Single(t => t.Hand == "right");
        double errorMm = Vec3.Distance(c.TipInGripMm, ArDriver.TipInGripMm);
        TestContext.Out.WriteLine($"tip {c.TipInGripMm} mm (true {ArDriver.TipInGripMm}), {errorMm:0.000} mm off; RMS {c.RmsMm:0.000} mm over {c.RotationRangeDeg:0.0}° and {c.Poses} poses");
        Assert.That(errorMm, Is.LessThan(0.5), "recovered tip offset in the grip frame (mm)");
        Assert.That(Vec3.Distance(c.PivotInXrWorldMm, PivotMm), Is.LessThan(0.5), "the point pivoted about, headset world mm");
        string shown = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        Assert.That(ArDriver.Number(shown, "RMS "), Is.EqualTo(c.RmsMm).Within(0.01), "RMS shown is the server's (mm)");
        Assert.That(ArDriver.Number(shown, "over "), Is.EqualTo(c.RotationRangeDeg).Within(1), "rotation shown is the server's (°)");

        // The marker drawn at the calibrated tip sits on the pivot point.
        await ArDriver.PlaceGripAsync(page, "right", poses[0], await ArDriver.GripInRayAsync(page, "right"));
        double[] tipWorld = await page.EvaluateAsync<double[]>("() => window.__surgicalnavAr.tipWorld('right')");
        Assert.That(Vec3.Distance(new Vec3(tipWorld[0], tipWorld[1], tipWorld[2]) * 1000, PivotMm), Is.LessThan(1), "tip marker on the pivot (mm)");
        await XrDriver.LookAtAsync(page, [0.05, 1.3, -0.15], [PivotMm.X / 1000, PivotMm.Y / 1000, PivotMm.Z / 1000]);
        await Screenshots.SaveAsync(page, "ar-tip-calibrated");
        await page.CloseAsync();
    }

    [Category(LongTests.Category)]
    [Explicit(LongTests.Reason)]
    [Test]
    public async Task PivotWithTooLittleRotation_RefusedWithTheReasonInRed()
    {
        var page = await ArDriver.EnterArAsync(Chromium, Server.Url);
        if (await ArDriver.StateAsync(page) != "calibrating")
        {
            await XrDriver.PressAsync(page, "right", "b-button");
            await ArDriver.WaitAsync(page, "() => window.__surgicalnavAr.state === 'calibrating'", 10_000);
        }
        RigidTransform[] poses = PivotPoses.Cone(ArDriver.TipInGripMm, PivotMm, 7, count: 10, noiseMm: 0.1, seed: 3);

        await ArDriver.PivotAsync(page, "right", poses);

        Assert.That(await ArDriver.StateAsync(page), Is.EqualTo("calibrating"), "stays in the calibration step");
        string shown = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        TestContext.Out.WriteLine($"shown: {shown}");
        Assert.That(shown, Does.Contain("Refused").And.Contain("at least 20°"));
        Assert.That(await page.Locator("[data-testid=ar-registration]").GetAttributeAsync("class"), Does.Contain("bad"), "shown as refused");
        await XrDriver.LookAtAsync(page, [0, 1.6, 0], [0.2, 1.5, -0.6]);
        await Screenshots.SaveAsync(page, "ar-tip-calibration-refused");
        await page.CloseAsync();
    }
}
