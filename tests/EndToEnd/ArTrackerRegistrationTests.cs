using System.Net;
using Microsoft.Playwright;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.App.Server;
using SurgicalNav.App.Server.Ar;
using SurgicalNav.App.Tests.Server.Ar;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Simulation;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// AR registration with an optical tracker, end to end: the simulated tracker serves OpenIGTLink on loopback, its
/// Stylus (a calibrated pointer) is held on each fiducial where a known Tracker → Image puts it and confirmed in the
/// emulated headset, then the calibrated controller tip touches the same fiducials where a known Tracker → XrWorld puts
/// them. The needle the tracker streams is drawn through Tracker → Image and Tracker → XrWorld.
/// </summary>
[Category(LongTests.Category)]
[Explicit(LongTests.Reason)]
[TestFixture]
[NonParallelizable]
public sealed class ArTrackerRegistrationTests : ServedCaseFixture
{
    /// <summary>The true Tracker → Image (the camera about 1.5 m from the patient).</summary>
    private static readonly RigidTransform TrackerToImage = RigidTransform.FromAxisAngle(new Vec3(0.3, 1, 0.1).Normalized(), 0.5, new Vec3(20, -40, 1480));

    /// <summary>The true Tracker → headset world: where the camera stands in the room.</summary>
    private static readonly RigidTransform TrackerToXrWorld = RigidTransform.FromAxisAngle(new Vec3(0, 1, 0), 2.8, new Vec3(150, 1150, -250));

    /// <summary>The pointer's tip in its marker frame, mm (stored in the case as StylusTip → Stylus).</summary>
    private static readonly Vec3 TipInStylus = new(0, 5, 150);

#pragma warning disable NUnit1032 // disposed in CleanUpAsync, which the base fixture's [OneTimeTearDown] calls after the server stops
    private SimulatedTracker _tracker = null!;
#pragma warning restore NUnit1032

    protected override async Task<CaseServerOptions> PrepareAsync(string caseDirectory)
    {
        CaseFrames.SaveEdge(caseDirectory, new FrameEdge(ArFrames.ToolTip("Stylus"), "Stylus", new RigidTransform(Matrix3.Identity, TipInStylus), 1, Valid: true, Static: true));
        _tracker = SimulatedTracker.Start(IPAddress.Loopback, 0, new SimulatedTrackerOptions { NoiseMm = 0.25, Seed = 9, RateHz = 60 });
        return (await base.PrepareAsync(caseDirectory)) with { Tracker = $"127.0.0.1:{_tracker.Port}" };
    }

    protected override async ValueTask CleanUpAsync() => await _tracker.DisposeAsync();

    private Vec3 InTracker(Vec3 imageMm) => TrackerToImage.Inverse().Apply(imageMm);

    private async Task HoldPointerAsync(Vec3 tipInTrackerMm)
    {
        var stylus = RigidTransform.FromAxisAngle(new Vec3(1, 0.2, 0).Normalized(), 2.8, Vec3.Zero);
        _tracker.Place("Stylus", TrackerFrameFeed.ToPose(stylus with { Translation = tipInTrackerMm - stylus.Rotation * TipInStylus }));
        await ServerPoses.ArrivedAsync(Server, ArFrames.ToolTip("Stylus"), tipInTrackerMm);
    }

    [Test]
    public async Task PointerThenController_KnownTransforms_RecoveredAndTheNeedleDrawnWhereExpected()
    {
        await ArDriver.CalibrateByApiAsync(Server.Url);
        Vec3 target = CaseStore.Load(CaseDirectory).Plan!.Trajectories[0].TargetMm;
        // The needle held still 30 mm from the target, so where it is drawn can be compared with where it is.
        var needleToTracker = RigidTransform.FromAxisAngle(new Vec3(1, 0, 0), 0.4, InTracker(target + new Vec3(0, -30, 5)));
        _tracker.Place("Needle", TrackerFrameFeed.ToPose(needleToTracker));
        var page = await ArDriver.EnterArAsync(Chromium, Server.Url);
        if (await ArDriver.StateAsync(page) != "pointer")
        {
            await XrDriver.PressAsync(page, "right", "squeeze");
            await ArDriver.WaitAsync(page, "() => window.__surgicalnavAr.state === 'pointer'", 10_000);
        }
        ArFiducial[] fiducials = [.. (await ArDriver.StateFromServerAsync(Server.Url)).Fiducials];

        // A pointer out of the camera's view is refused, in red, and the step waits on the same fiducial.
        await HoldPointerAsync(InTracker(fiducials[0].ImageMm));
        _tracker.Hide("Stylus");
        await Task.Delay(350);
        await XrDriver.PressAsync(page, "right", "trigger");
        await ArDriver.WaitAsync(page, "() => window.__surgicalnavAr.error !== null", 10_000);
        string refused = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        TestContext.Out.WriteLine($"stale pointer: {refused}");
        Assert.That(refused, Does.Contain("Refused").And.Contain("ms old").And.Contain("fiducial 1"));
        Assert.That(await ArDriver.StateAsync(page), Is.EqualTo("pointer"));
        await XrDriver.LookAtAsync(page, [0, 1.6, 0], [0.2, 1.5, -0.6]);
        await Screenshots.SaveAsync(page, "ar-pointer-stale");

        // Each fiducial touched with the pointer and confirmed: the trigger, and for the last one an assistant's Record
        // pointer on the workstation's page, which the headset picks up from the server.
        var workstation = await Chromium.NewPageAsync();
        await workstation.GotoAsync(Server.Url.ToString());
        for (int i = 0; i < fiducials.Length; i++)
        {
            await HoldPointerAsync(InTracker(fiducials[i].ImageMm));
            if (i == 1) await Screenshots.SaveAsync(page, "ar-pointer");
            // On this shared machine the tracker's stream can stall past the 200 ms limit; a user confirms again.
            for (int attempt = 0; attempt < 3 && await page.EvaluateAsync<int>("() => window.__surgicalnavAr.pointerTouches.length") == i; attempt++)
            {
                if (i == fiducials.Length - 1) await workstation.Locator("[data-testid=ar-record-pointer]").ClickAsync(new() { Timeout = 20_000 });
                else await XrDriver.PressAsync(page, "right", "trigger");
                await ArDriver.TryWaitAsync(page, $"() => window.__surgicalnavAr.pointerTouches.length === {i + 1} || window.__surgicalnavAr.error !== null", 10_000);
            }
            if (await page.EvaluateAsync<int>("() => window.__surgicalnavAr.pointerTouches.length") <= i)
                Assert.Fail($"fiducial {i + 1} refused three times: {await page.EvaluateAsync<string>("() => window.__surgicalnavAr.error")}");
        }
        await ArDriver.WaitAsync(page, "() => ['touching', 'refused'].includes(window.__surgicalnavAr.state)", 20_000);
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavAr.error"), Is.Null);
        Assert.That(await workstation.Locator("[data-testid=ar-registration]").InnerTextAsync(), Does.StartWith($"Recorded fiducial {fiducials.Length} "));
        await workstation.CloseAsync();
        RigidTransform trackerToImage = CaseFrames.Load(CaseDirectory).Resolve(FrameNames.Tracker, FrameNames.Image).Transform;
        RigidTransform residual = trackerToImage * TrackerToImage.Inverse();
        double angleDeg = residual.RotationAngleDeg, atTargetMm = Vec3.Distance(residual.Apply(target), target);
        TestContext.Out.WriteLine($"Tracker→Image recovered to {angleDeg:0.000}° and {atTargetMm:0.000} mm at the target");
        Assert.That(angleDeg, Is.LessThan(0.5), "Tracker → Image rotation error (°)");
        Assert.That(atTargetMm, Is.LessThan(0.5), "Tracker → Image error at the target (mm)");

        // The calibrated controller tip touches the same fiducials where the camera's place in the room puts them.
        RigidTransform gripInRay = await ArDriver.GripInRayAsync(page, "right");
        var noise = new Random(5);
        for (int i = 0; i < fiducials.Length; i++)
        {
            Vec3 w = TrackerToXrWorld.Apply(InTracker(fiducials[i].ImageMm)) + new Vec3(noise.NextDouble() - 0.5, noise.NextDouble() - 0.5, noise.NextDouble() - 0.5) * 0.4;
            await ArDriver.PlaceGripAsync(page, "right", ArDriver.TouchPose(w, i), gripInRay);
            await XrDriver.PressAsync(page, "right", "trigger");
        }
        await ArDriver.WaitAsync(page, "() => ['registered', 'refused'].includes(window.__surgicalnavAr.state)", 20_000);
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavAr.error"), Is.Null);
        ArRegistrationResult ar = ArFiducials.TryLoad(CaseDirectory)!.Latest!;
        Assert.That(ar.Fixed, Is.EqualTo("Tracker"), "with a tracker registration the headset is registered to the tracker");
        FrameResolution trackerToXr = CaseFrames.Load(CaseDirectory).Resolve(FrameNames.Tracker, FrameNames.XrWorld);
        Vec3 targetInXr = TrackerToXrWorld.Apply(InTracker(target));
        RigidTransform xrResidual = trackerToXr.Transform * TrackerToXrWorld.Inverse();
        TestContext.Out.WriteLine($"Tracker→XrWorld recovered to {xrResidual.RotationAngleDeg:0.000}° and {Vec3.Distance(xrResidual.Apply(targetInXr), targetInXr):0.000} mm at the target");
        Assert.That(xrResidual.RotationAngleDeg, Is.LessThan(0.5), "Tracker → XrWorld rotation error (°)");
        Assert.That(Vec3.Distance(xrResidual.Apply(targetInXr), targetInXr), Is.LessThan(0.5), "Tracker → XrWorld error at the target (mm)");

        // The needle is drawn where the tracker says it is, in the room.
        double[] drawn = await (await page.WaitForFunctionAsync("() => window.__surgicalnavAr.needleTipWorld()", null, new() { Timeout = 20_000 })).JsonValueAsync<double[]>();
        Vec3 expected = TrackerToXrWorld.Apply(needleToTracker.Translation);
        double needleErrorMm = Vec3.Distance(new Vec3(drawn[0], drawn[1], drawn[2]) * 1000, expected);
        TestContext.Out.WriteLine($"needle tip drawn {needleErrorMm:0.000} mm from where the tracker and the room put it");
        Assert.That(needleErrorMm, Is.LessThan(1), "needle tip in the headset (mm)");

        // One overlay error, the server's root-sum-square, with both parts shown.
        OverlayError server = OverlayError.Combine(CaseFrames.LoadRegistration(CaseDirectory)!.PredictedTreMm, ar.PredictedTreMm);
        await ArDriver.WaitAsync(page, "() => document.querySelector('[data-testid=guidance-tre]').textContent.startsWith('Overlay error')", 10_000);
        string tre = await page.Locator("[data-testid=guidance-tre]").InnerTextAsync();
        TestContext.Out.WriteLine($"shown: {tre}; server {server}");
        Assert.That(ArDriver.Number(tre, "Overlay error "), Is.EqualTo(server.CombinedTreMm!.Value).Within(0.1), "combined overlay error (mm)");
        Assert.That(ArDriver.Number(tre, "tracker TRE "), Is.EqualTo(server.TrackerTreMm!.Value).Within(0.1), "tracker part (mm)");
        Assert.That(ArDriver.Number(tre, "AR TRE "), Is.EqualTo(server.ArTreMm!.Value).Within(0.1), "AR part (mm)");
        Assert.That(server.CombinedTreMm.Value, Is.EqualTo(Math.Sqrt(server.TrackerTreMm.Value * server.TrackerTreMm.Value + server.ArTreMm.Value * server.ArTreMm.Value)).Within(1e-9));

        await XrDriver.LookAtAsync(page, [expected.X / 1000 + 0.1, expected.Y / 1000 + 0.35, expected.Z / 1000 + 0.35], [expected.X / 1000, expected.Y / 1000, expected.Z / 1000]);
        // Under load the tracker stream stalls past the 50 ms staleness limit now and then; the picture wants the needle.
        await ArDriver.TryWaitAsync(page, "() => window.__surgicalnav.guidance.valid", 10_000);
        await Screenshots.SaveAsync(page, "ar-tracker-registered");
        await page.CloseAsync();
    }
}
