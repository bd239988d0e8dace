using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Server;
using SurgicalNav.App.Server.Ar;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// The in-app AR registration without a tracker under iwer's emulated Meta Quest 3: the calibrated tip of the emulated
/// controller touches the case's skin fiducials where a known rigid transform puts them in headset world, the server
/// solves XrWorld → Image, and the anatomy and plan land where that transform says.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ArRegistrationTests : ServedCaseFixture
{
    /// <summary>Image LPS mm → headset world mm: the patient upright as in the default view, turned 25° about vertical, its target 0.7 m ahead at 1.25 m.</summary>
    private static RigidTransform KnownImageToWorld(Vec3 target)
    {
        double a = 25 * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        var r = new Matrix3(c, -s, 0, 0, 0, 1, -s, -c, 0);
        return new RigidTransform(r, new Vec3(50, 1250, -700) - r * target);
    }

    private async Task<IPage> EnterTouchingAsync()
    {
        await ArDriver.CalibrateByApiAsync(Server.Url);
        var page = await ArDriver.EnterArAsync(Chromium, Server.Url);
        if (await ArDriver.StateAsync(page) != "touching")
        {
            await XrDriver.PressAsync(page, "right", "squeeze");
            await ArDriver.WaitAsync(page, "() => window.__surgicalnavAr.state === 'touching'", 10_000);
        }
        return page;
    }

    [Test]
    public async Task TouchFiducialsUnderKnownTransform_ServerRecoversItAndTheTargetLandsThere()
    {
        var page = await EnterTouchingAsync();
        ArFiducial[] fiducials = [.. (await ArDriver.StateFromServerAsync(Server.Url)).Fiducials];
        Assert.That(fiducials, Has.Length.GreaterThanOrEqualTo(4), "the case offers at least 4 skin fiducials");
        Vec3 target = CaseStore.Load(CaseDirectory).Plan!.Trajectories[0].TargetMm;
        RigidTransform truth = KnownImageToWorld(target);
        RigidTransform gripInRay = await ArDriver.GripInRayAsync(page, "right");
        var noise = new Random(8);
        for (int i = 0; i < fiducials.Length; i++)
        {
            Vec3 w = truth.Apply(fiducials[i].ImageMm) + new Vec3(noise.NextDouble() - 0.5, noise.NextDouble() - 0.5, noise.NextDouble() - 0.5) * 0.4;
            await ArDriver.PlaceGripAsync(page, "right", ArDriver.TouchPose(w, i), gripInRay);
            await XrDriver.PressAsync(page, "right", "trigger");
        }
        await ArDriver.WaitAsync(page, "() => ['registered', 'refused'].includes(window.__surgicalnavAr.state)", 20_000);
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavAr.error"), Is.Null);

        // The server's stored edge XrWorld → Image is the inverse of the known transform.
        FrameEdge edge = CaseFrames.Load(CaseDirectory).Edges.Single(e => e.From == FrameNames.XrWorld && e.To == FrameNames.Image);
        RigidTransform residual = edge.FromToTo * truth;
        double angleDeg = residual.RotationAngleDeg, offsetAtTargetMm = Vec3.Distance(residual.Apply(target), target);
        TestContext.Out.WriteLine($"recovered XrWorld→Image: {angleDeg:0.000}° and {offsetAtTargetMm:0.000} mm off at the target");
        Assert.That(angleDeg, Is.LessThan(0.5), "rotation error (°)");
        Assert.That(offsetAtTargetMm, Is.LessThan(0.5), "translation error at the target (mm)");

        // The FRE and TRE the headset shows are the server's; the guidance panel shows the AR TRE beside the (missing) tracker's.
        var stored = ArFiducials.TryLoad(CaseDirectory)!.Latest!;
        Assert.That(stored.Fixed, Is.EqualTo("Image"), "no tracker registration: the headset registers straight to the image");
        string shown = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        TestContext.Out.WriteLine($"shown: {shown}");
        Assert.That(ArDriver.Number(shown, "FRE "), Is.EqualTo(stored.FreMm).Within(0.1), "FRE shown vs the server's (mm)");
        Assert.That(stored.PredictedTreMm, Is.Not.Null);
        Assert.That(ArDriver.Number(shown, "predicted TRE "), Is.EqualTo(stored.PredictedTreMm!.Value).Within(0.1), "TRE shown vs the server's (mm)");
        await ArDriver.WaitAsync(page, "() => document.querySelector('[data-testid=guidance-tre]').textContent.includes('AR overlay TRE')", 10_000);
        string tre = await page.Locator("[data-testid=guidance-tre]").InnerTextAsync();
        Assert.That(ArDriver.Number(tre, "AR overlay TRE "), Is.EqualTo(stored.PredictedTreMm.Value).Within(0.1), "the guidance panel's TRE line");

        // The plan's target lands at the known headset world point (through the same matrix as the anatomy).
        double[] world = await page.EvaluateAsync<double[]>("p => window.__surgicalnavAr.lpsToWorld(p)", target.ToArray());
        Vec3 expected = truth.Apply(target) / 1000;
        double targetErrorMm = Vec3.Distance(new Vec3(world[0], world[1], world[2]), expected) * 1000;
        TestContext.Out.WriteLine($"target {targetErrorMm:0.000} mm from its known headset world point; FRE {stored.FreMm:0.000} mm, predicted TRE {stored.PredictedTreMm:0.000} mm");
        Assert.That(targetErrorMm, Is.LessThan(1), "target in headset world (mm)");

        await XrDriver.LookAtAsync(page, [0.15, 1.55, -0.25], [expected.X, expected.Y, expected.Z]);
        await Screenshots.SaveAsync(page, "ar-registration");
        await page.CloseAsync();
    }

    [Test]
    public async Task CollinearTouches_RefusedWithTheReasonShownInTheHeadset()
    {
        var page = await EnterTouchingAsync();
        int count = (await ArDriver.StateFromServerAsync(Server.Url)).Fiducials.Count;
        RigidTransform gripInRay = await ArDriver.GripInRayAsync(page, "right");
        for (int i = 0; i < count; i++)
        {
            await ArDriver.PlaceGripAsync(page, "right", ArDriver.TouchPose(new Vec3(30 * i, 1200, -600), i), gripInRay);
            await XrDriver.PressAsync(page, "right", "trigger");
        }
        await ArDriver.WaitAsync(page, "() => ['registered', 'refused'].includes(window.__surgicalnavAr.state)", 20_000);
        Assert.That(await ArDriver.StateAsync(page), Is.EqualTo("refused"));
        string shown = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        Assert.That(shown, Does.Contain("Registration refused").And.Contain("collinear"), "the headset says why");
        await XrDriver.LookAtAsync(page, [0, 1.6, 0], [0.2, 1.5, -0.6]);
        await Screenshots.SaveAsync(page, "ar-registration-refused");
        await page.CloseAsync();
    }

    [Test]
    public async Task StateEndpoint_DamagedFile_409NamingItThenChosenAfresh()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        string file = Path.Combine(CaseDirectory, ArFiducials.FileName);
        string? kept = File.Exists(file) ? await File.ReadAllTextAsync(file) : null;
        await File.WriteAllTextAsync(file, "{\"fiducials\": [{\"name\": \"skin");
        using (var damaged = await http.GetAsync("/api/case/ar/state"))
        {
            Assert.That(damaged.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await damaged.Content.ReadAsStringAsync(), Does.Contain(ArFiducials.FileName).And.Contain("delete it"));
        }
        if (kept is null) File.Delete(file); else await File.WriteAllTextAsync(file, kept);
        Assert.That((int)(await http.GetAsync("/api/case/ar/state")).StatusCode, Is.EqualTo(200), "the server keeps serving");
    }

    [Test]
    public async Task RegisterEndpoint_OffLoopbackRules_NeedsThePairingToken()
    {
        await using var paired = await CaseServer.StartAsync(new CaseServerOptions(CaseDirectory, Port: 0, PairingToken: "ar-test-token", TrustLoopback: false), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = paired.Url };
        const string Body = "{\"touches\":[]}";
        // Three failures, under the five a minute that would get this address 429.
        foreach (string path in new[] { "/api/case/ar/register", "/api/case/ar/pointer" })
        {
            using var bare = await http.PostAsync(path, new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{path} without a token");
        }
        using (var state = await http.GetAsync("/api/case/ar/state"))
            Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no token");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ar-test-token");
        using var withToken = await http.PostAsync("/api/case/ar/register", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(withToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "with the token the body is checked (no touches are too few)");
        using var parsed = JsonDocument.Parse(await withToken.Content.ReadAsStringAsync());
        Assert.That(parsed.RootElement.GetProperty("error").GetString(), Does.Contain("needs 3 to"));
    }
}
