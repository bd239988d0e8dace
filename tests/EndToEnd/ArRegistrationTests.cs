using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// The in-app AR registration under iwer's emulated Meta Quest 3: the emulated controller touches the case's skin
/// fiducials where a known rigid transform puts them in headset world, the server solves the registration, and the
/// anatomy and plan land where that transform says.
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

    [Test]
    public async Task TouchFiducialsUnderKnownTransform_ServerRecoversItAndTheTargetLandsThere()
    {
        var page = await EnterArAsync();
        (Vec3[] fiducials, _) = await FiducialsAsync();
        Assert.That(fiducials, Has.Length.GreaterThanOrEqualTo(4), "the case offers at least 4 skin fiducials");
        Vec3 target = CaseStore.Load(CaseDirectory).Plan!.Trajectories[0].TargetMm;
        RigidTransform truth = KnownImageToWorld(target);
        var noise = new Random(8);
        for (int i = 0; i < fiducials.Length; i++)
        {
            Vec3 w = truth.Apply(fiducials[i]) + new Vec3(noise.NextDouble() - 0.5, noise.NextDouble() - 0.5, noise.NextDouble() - 0.5) * 0.4;
            await XrDriver.PlaceAsync(page, "right", [w.X / 1000, w.Y / 1000, w.Z / 1000]);
            await XrDriver.PressAsync(page, "right", "trigger");
        }
        await WaitAsync(page, "() => ['registered', 'refused'].includes(window.__surgicalnavAr.state)", 20_000);
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavAr.error"), Is.Null);

        // The server's stored edge XrWorld → Image is the inverse of the known transform.
        FrameEdge edge = CaseFrames.Load(CaseDirectory).Edges.Single(e => e.From == FrameNames.XrWorld && e.To == FrameNames.Image);
        RigidTransform residual = edge.FromToTo * truth;
        double angleDeg = residual.RotationAngleDeg, offsetAtTargetMm = Vec3.Distance(residual.Apply(target), target);
        TestContext.Out.WriteLine($"recovered XrWorld→Image: {angleDeg:0.000}° and {offsetAtTargetMm:0.000} mm off at the target");
        Assert.That(angleDeg, Is.LessThan(0.5), "rotation error (°)");
        Assert.That(offsetAtTargetMm, Is.LessThan(0.5), "translation error at the target (mm)");

        // The FRE and TRE the headset shows are the server's.
        var stored = JsonSerializer.Deserialize<ArRegistrationFile>(File.ReadAllText(Path.Combine(CaseDirectory, ArFiducials.FileName)), Imaging.Json.NavJson.Options)!.Latest!;
        string shown = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        TestContext.Out.WriteLine($"shown: {shown}");
        Assert.That(Number(shown, "FRE "), Is.EqualTo(stored.FreMm).Within(0.1), "FRE shown vs the server's (mm)");
        Assert.That(stored.PredictedTreMm, Is.Not.Null);
        Assert.That(Number(shown, "predicted TRE "), Is.EqualTo(stored.PredictedTreMm!.Value).Within(0.1), "TRE shown vs the server's (mm)");
        string tre = await page.Locator("[data-testid=guidance-tre]").InnerTextAsync();
        Assert.That(Number(tre, "AR overlay TRE "), Is.EqualTo(stored.PredictedTreMm.Value).Within(0.1), "the guidance panel's TRE line");

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
        var page = await EnterArAsync();
        if (await page.EvaluateAsync<string>("() => window.__surgicalnavAr.state") != "touching")
        {
            await XrDriver.PressAsync(page, "right", "squeeze");
            await WaitAsync(page, "() => window.__surgicalnavAr.state === 'touching'", 10_000);
        }
        (Vec3[] fiducials, _) = await FiducialsAsync();
        for (int i = 0; i < fiducials.Length; i++)
        {
            await XrDriver.PlaceAsync(page, "right", [0.03 * i, 1.2, -0.6]);
            await XrDriver.PressAsync(page, "right", "trigger");
        }
        await WaitAsync(page, "() => ['registered', 'refused'].includes(window.__surgicalnavAr.state)", 20_000);
        Assert.That(await page.EvaluateAsync<string>("() => window.__surgicalnavAr.state"), Is.EqualTo("refused"));
        string shown = await page.Locator("[data-testid=ar-registration]").InnerTextAsync();
        Assert.That(shown, Does.Contain("Registration refused").And.Contain("collinear"), "the headset says why");
        await XrDriver.LookAtAsync(page, [0, 1.6, 0], [0.2, 1.5, -0.6]);
        await Screenshots.SaveAsync(page, "ar-registration-refused");
        await page.CloseAsync();
    }

    [Test]
    public async Task RegisterEndpoint_BadBodies_400Or422WithAMessage()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        (string body, HttpStatusCode status, string says)[] cases =
        [
            ("{\"xrWorldMm\":[[0,0,0],[100,0,0]]}", HttpStatusCode.BadRequest, "at least 3"),
            ("{\"xrWorldMm\":[[0,0,0],[1,2]]}", HttpStatusCode.BadRequest, "not [x,y,z]"),
            ("{\"points\":[]}", HttpStatusCode.BadRequest, "no xrWorldMm"),
            ("not json", HttpStatusCode.BadRequest, "not JSON"),
            ("{\"xrWorldMm\":[[0,0,0],[1e9,0,0],[0,1,0]]}", HttpStatusCode.BadRequest, "in mm"),
            ("{\"xrWorldMm\":[[0,0,0],[10,0,0],[20,0,0],[30,0,0]]}", HttpStatusCode.UnprocessableEntity, "collinear"),
            ("{\"xrWorldMm\":[[0,0,0],[300,0,0],[0,300,0],[0,0,300]]}", HttpStatusCode.UnprocessableEntity, "above the 5.0 mm limit"),
        ];
        foreach ((string body, HttpStatusCode status, string says) in cases)
        {
            using var response = await http.PostAsync("/api/case/ar/register", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            string text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(status), $"{body}: {text}");
            Assert.That(text, Does.Contain(says), body);
        }
        // A truncated ar-registration.json: 409 naming the file and the fix, then chosen afresh once it is deleted.
        string file = Path.Combine(CaseDirectory, ArFiducials.FileName);
        string? kept = File.Exists(file) ? await File.ReadAllTextAsync(file) : null;
        await File.WriteAllTextAsync(file, "{\"fiducials\": [{\"name\": \"skin");
        using (var damaged = await http.GetAsync("/api/case/ar/fiducials"))
        {
            Assert.That(damaged.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await damaged.Content.ReadAsStringAsync(), Does.Contain(ArFiducials.FileName).And.Contain("delete it"));
        }
        if (kept is null) File.Delete(file); else await File.WriteAllTextAsync(file, kept);
        Assert.That((int)(await http.GetAsync("/api/case/ar/fiducials")).StatusCode, Is.EqualTo(200), "the server keeps serving");
    }

    [Test]
    public async Task RegisterEndpoint_OffLoopbackRules_NeedsThePairingToken()
    {
        await using var paired = await CaseServer.StartAsync(new CaseServerOptions(CaseDirectory, Port: 0, PairingToken: "ar-test-token", TrustLoopback: false), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = paired.Url };
        const string Body = "{\"xrWorldMm\":[[0,0,0],[10,0,0]]}";
        using (var bare = await http.PostAsync("/api/case/ar/register", new StringContent(Body, System.Text.Encoding.UTF8, "application/json")))
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no token");
        using (var fiducials = await http.GetAsync("/api/case/ar/fiducials"))
            Assert.That(fiducials.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no token");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ar-test-token");
        using var withToken = await http.PostAsync("/api/case/ar/register", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(withToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "with the token the body is checked (2 points are too few)");
    }

    private async Task<(Vec3[] Points, string[] Names)> FiducialsAsync()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/case/ar/fiducials"));
        var list = doc.RootElement.GetProperty("fiducials").EnumerateArray().ToArray();
        return (list.Select(f => { var p = f.GetProperty("imageMm"); return new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble()); }).ToArray(),
                list.Select(f => f.GetProperty("name").GetString()!).ToArray());
    }

    private async Task<IPage> EnterArAsync()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(Server.Url, "/?xr=quest3").ToString());
        await WaitAsync(page, "() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)", 30_000);
        await page.Locator("#enter-ar").ClickAsync(new() { Timeout = 10_000 });
        await WaitAsync(page, "() => ['touching', 'registered', 'refused'].includes(window.__surgicalnavAr.state) || window.__surgicalnav.errors.length > 0", 20_000);
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        await XrDriver.FramesAsync(page, 2);
        return page;
    }

    private static Task WaitAsync(IPage page, string condition, int timeoutMs) => XrDriver.WaitAsync(page, condition, timeoutMs);

    /// <summary>The number right after <paramref name="label"/> in a shown line, e.g. "FRE 0.3 mm" → 0.3.</summary>
    private static double Number(string text, string label)
    {
        int at = text.IndexOf(label, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"'{label}' in '{text}'");
        string rest = text[(at + label.Length)..];
        return double.Parse(rest[..rest.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }
}
