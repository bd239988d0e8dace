using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Server;
using SurgicalNav.EndToEnd.Tests.TestData;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// VR planning under iwer's emulated Meta Quest 3: the emulated controllers are posed and their triggers pulled,
/// so picks go through the client's own laser, raycast and server round trip.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class VrPlanningTests
{
    private string _caseDirectory = "";
    private RunningServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _caseDirectory = Path.Combine(Path.GetTempPath(), $"surgicalnav-e2e-vr-{Guid.NewGuid():N}");
        TestCase.Create(_caseDirectory);
        // A needle with device settings and its thermal simulation, so the rehearsal has a zone and a necrosis to grow.
        Assert.That(await SurgicalNav.App.Program.Main(["plan", _caseDirectory, "--device", "generic-mwa-2450", "--power", "60", "--time", "300"]), Is.Zero);
        Assert.That(await SurgicalNav.App.Program.Main(["simulate", _caseDirectory, "--needle", "1", "--device", "cpu"]), Is.Zero);
        _server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        if (Directory.Exists(_caseDirectory)) Directory.Delete(_caseDirectory, recursive: true);
    }

    // The rehearsal test runs first: it plays needle 1's simulated path, and this test's pick lands in tumour 1 and
    // its accept replaces that path.
    [Test, Order(2)]
    public async Task ControllerRayPicksAndDragsTarget_ShownClearanceMatchesTheServerAndAcceptChangesThePlan()
    {
        var page = await EnterVrAsync();
        Plan planBefore = CaseStore.Load(_caseDirectory).Plan!;
        Trajectory before = planBefore.Trajectories[0];
        PlanTarget tumour = planBefore.Targets[0];

        // Pick: aim the right controller from above, right and in front of the anatomy at a point 6 mm beside the tumour centre.
        Vec3 aimLps = tumour.CenterMm + new Vec3(6, 0, 0);
        double[] aim = await page.EvaluateAsync<double[]>("p => window.__surgicalnavVr.lpsToWorld(p)", aimLps.ToArray());
        double[] from = [aim[0] + 0.12, aim[1] + 0.22, aim[2] + 0.30];
        await PoseAsync(page, "right", from, aim);
        await PullTriggerAsync(page, "right");
        await WaitForServerFiguresAsync(page);

        Vec3 picked = await VecAsync(page, "window.__surgicalnavVr.targetMm");
        double[] pickedWorld = await page.EvaluateAsync<double[]>("p => window.__surgicalnavVr.lpsToWorld(p)", picked.ToArray());
        Assert.That(DistanceToRay(pickedWorld, from, aim) * 1000, Is.LessThan(0.5), "the picked target lies on the controller's ray (mm)");
        Assert.That(Vec3.Distance(picked, before.TargetMm), Is.GreaterThan(1), "the pick moved the target away from the suggestion");
        Vec3 entry = await VecAsync(page, "window.__surgicalnavVr.entryMm");
        Assert.That(Vec3.Distance(entry, before.EntryMm), Is.LessThan(1e-6), "the entry stays the suggestion's");
        AssertClearancesMatch(await ShownClearancesAsync(page), await ServerClearancesAsync(entry, picked));

        // Drag: hold the trigger on the target handle and sweep the laser; every position goes to the server.
        int evaluationsBefore = await page.EvaluateAsync<int>("() => window.__surgicalnavVr.evaluations");
        await PoseAsync(page, "right", from, pickedWorld);
        await page.EvaluateAsync("() => window.__surgicalnavXrDevice.controllers.right.updateButtonValue('trigger', 1)");
        await WaitAsync(page, "() => window.__surgicalnavVr.dragging === 'target'", 20_000);
        for (int step = 1; step <= 3; step++)
        {
            double[] sweep = [pickedWorld[0] - 0.003 * step, pickedWorld[1], pickedWorld[2] - 0.002 * step];
            await PoseAsync(page, "right", from, sweep);
            await WaitAsync(page, $"() => window.__surgicalnavVr.evaluations >= {evaluationsBefore + step}", 20_000);
        }
        await page.EvaluateAsync("() => window.__surgicalnavXrDevice.controllers.right.updateButtonValue('trigger', 0)");
        await WaitAsync(page, "() => window.__surgicalnavVr.dragging === null", 20_000);
        await WaitForServerFiguresAsync(page);
        int evaluations = await page.EvaluateAsync<int>("() => window.__surgicalnavVr.evaluations") - evaluationsBefore;
        TestContext.Out.WriteLine($"{evaluations} server evaluations during the drag; last round trip {await page.EvaluateAsync<double>("() => window.__surgicalnavVr.lastRoundTripMs"):0.0} ms (load: {File.ReadAllText("/proc/loadavg").Trim()})");
        Assert.That(evaluations, Is.GreaterThanOrEqualTo(3), "the clearance is evaluated by the server while dragging, not only at release");
        Vec3 dragged = await VecAsync(page, "window.__surgicalnavVr.targetMm");
        Assert.That(Vec3.Distance(dragged, picked), Is.GreaterThan(1), "the drag moved the target");
        Dictionary<string, string> shown = await ShownClearancesAsync(page);
        AssertClearancesMatch(shown, await ServerClearancesAsync(entry, dragged));

        // Accept with the laser on the panel's Accept button: case.json and the plan API change.
        await ClickPanelAsync(page, "accept");
        Trajectory saved = SavedPlan.WaitForTarget(_caseDirectory, dragged);
        Assert.That(Vec3.Distance(saved.TargetMm, dragged), Is.LessThan(1e-3), "case.json's chosen trajectory ends at the dragged target");
        foreach ((string structure, double mm) in saved.MinClearanceMm)
            Assert.That(Parse(shown[structure]), Is.EqualTo(mm).Within(0.1), $"saved clearance to {structure}");
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var plan = JsonDocument.Parse(await http.GetStringAsync("/api/case/plan"));
        Assert.That(Vec(plan.RootElement.GetProperty("trajectories")[0].GetProperty("targetMm")).ToArray(),
            Is.EqualTo(dragged.ToArray()).Within(1e-3), "the server API serves the changed plan");

        await LookAtAsync(page, [-0.12, 1.42, -0.38], [-0.16, 1.3, -0.95]);
        await Screenshots.SaveAsync(page, "vr-planning");
        await page.CloseAsync();
    }

    [Test, Order(1)]
    public async Task GrabVolumeClipAndRehearsal_FromControllersAndPanel_ScaleRenderAndPlayToTheEnd()
    {
        var page = await EnterVrAsync();

        // Two hands squeezing and moving apart from 0.2 m to 0.4 m: the anatomy doubles in size.
        await PoseAsync(page, "left", [-0.1, 1.3, -0.5], [-0.1, 1.3, -1.5]);
        await PoseAsync(page, "right", [0.1, 1.3, -0.5], [0.1, 1.3, -1.5]);
        await page.EvaluateAsync("() => { const c = window.__surgicalnavXrDevice.controllers; c.left.updateButtonValue('squeeze', 1); c.right.updateButtonValue('squeeze', 1); }");
        await WaitAsync(page, "() => window.__surgicalnavVr.grabbing", 20_000);
        await PoseAsync(page, "left", [-0.2, 1.3, -0.5], [-0.2, 1.3, -1.5]);
        await PoseAsync(page, "right", [0.2, 1.3, -0.5], [0.2, 1.3, -1.5]);
        Assert.That(await page.EvaluateAsync<double>("() => window.__surgicalnavVr.scale"), Is.EqualTo(2).Within(0.01));
        await page.EvaluateAsync("() => { const c = window.__surgicalnavXrDevice.controllers; c.left.updateButtonValue('squeeze', 0); c.right.updateButtonValue('squeeze', 0); }");
        await WaitAsync(page, "() => !window.__surgicalnavVr.grabbing", 20_000);
        await ClickPanelAsync(page, "reset-view");
        Assert.That(await page.EvaluateAsync<double>("() => window.__surgicalnavVr.scale"), Is.EqualTo(1));

        await ClickPanelAsync(page, "volume:soft");
        await WaitAsync(page, "() => window.__surgicalnavVr.volume !== null || window.__surgicalnav.errors.length > 0", 30_000);
        using (var volume = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavVr.volume)")))
        {
            Assert.That(volume.RootElement.GetProperty("preset").GetString(), Is.EqualTo("soft"));
            Assert.That(volume.RootElement.GetProperty("dimensions")[0].GetInt32(), Is.EqualTo(96), "a 96-voxel-wide CT fits 128 voxels undownsampled");
        }
        await ClickPanelAsync(page, "segment:body");
        await ClickPanelAsync(page, "clip");
        Assert.That(await page.EvaluateAsync<bool>("() => window.__surgicalnavVr.clip"), Is.True);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__surgicalnav.visible.body"), Is.False, "the panel hid the body");
        // Hold the clipping plane at the front of the anatomy, cutting towards the back.
        await PoseAsync(page, "left", [0.02, 1.3, -0.97], [0.02, 1.3, -2]);
        await LookAtAsync(page, [0.05, 1.42, -0.62], [0, 1.3, -1.0]);
        await Screenshots.SaveAsync(page, "vr-volume-clip");
        await ClickPanelAsync(page, "clip");
        await ClickPanelAsync(page, "volume:off");

        // Flip through the suggestions with the right thumbstick to tumour 1's, accept it with A, then play it with B.
        for (int flips = 0; flips < 4 && await page.EvaluateAsync<string?>("() => window.__surgicalnavVr.suggestionTarget") != "tumor 1"; flips++)
        {
            int shown = await page.EvaluateAsync<int>("() => window.__surgicalnavVr.suggestion");
            await page.EvaluateAsync("() => window.__surgicalnavXrDevice.controllers.right.updateAxes('thumbstick', 1, 0)");
            await WaitAsync(page, $"() => window.__surgicalnavVr.suggestion !== {shown}", 20_000);
            await page.EvaluateAsync("() => window.__surgicalnavXrDevice.controllers.right.updateAxes('thumbstick', 0, 0)");
            await WaitFramesAsync(page, 2);
        }
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavVr.suggestionTarget"), Is.EqualTo("tumor 1"));
        Trajectory suggested = CaseStore.Load(_caseDirectory).Plan!.Trajectories.First(t => t.Target == "tumor 1");
        int accepted = await page.EvaluateAsync<int>("() => window.__surgicalnavVr.accepted");
        await PressAsync(page, "a-button");
        await WaitAsync(page, $"() => window.__surgicalnavVr.accepted > {accepted}", 20_000);
        Trajectory chosen = CaseStore.Load(_caseDirectory).Plan!.Trajectories[0];
        Assert.That(chosen.Target, Is.EqualTo("tumor 1"), "A accepted the flipped-to suggestion");
        Assert.That(Vec3.Distance(chosen.EntryMm, suggested.EntryMm), Is.LessThan(1e-3));

        await PressAsync(page, "b-button");
        await WaitAsync(page, "() => window.__surgicalnavVr.rehearsal.phase === 'ablating' && window.__surgicalnavVr.rehearsal.progress > 0.5", 60_000);
        await LookAtAsync(page, [0.05, 1.42, -0.62], [0, 1.3, -1.0]);
        await Screenshots.SaveAsync(page, "vr-rehearsal");
        await WaitAsync(page, "() => window.__surgicalnavVr.rehearsal.phase === 'done'", 40_000);
        await WaitFramesAsync(page, 2);
        using (var rehearsed = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavVr.rehearsalPlan)")))
        {
            var r = rehearsed.RootElement;
            Assert.That(r.GetProperty("zone").GetProperty("lengthMm").GetDouble(), Is.EqualTo(30), "generic-mwa-2450 at 60 W for 300 s: a 30 x 22 mm zone");
            Assert.That(r.GetProperty("zone").GetProperty("diameterMm").GetDouble(), Is.EqualTo(22));
            Assert.That(r.GetProperty("necrosisMesh").GetString(), Is.EqualTo("api/case/simulation/1/necrosis.glb"), "the simulation of needle 1 matches the accepted path");
            Assert.That(r.GetProperty("necrosisMl").GetDouble(), Is.GreaterThan(0));
        }
        Vec3 tip = await VecAsync(page, "window.__surgicalnavVr.rehearsal.tipMm");
        Assert.That(Vec3.Distance(tip, chosen.TargetMm), Is.LessThan(1e-3), "the rehearsal ends with the tip on the planned target");
        string[] panel = await page.EvaluateAsync<string[]>("() => window.__surgicalnavVr.panel");
        Assert.That(panel, Has.Some.StartsWith("Ablation complete: 300 s of device time"));
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        await page.CloseAsync();
    }

    [Test]
    public async Task MalformedSocketMessagesFromAPage_DroppedCountedAndTheServerKeepsServing()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_server.Url, "/").ToString());
        await WaitAsync(page, "() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)", 30_000);
        long before = await MalformedAsync();
        // From inside the page, as a broken or hostile client would: not JSON, unknown type, wrong field types, too big, binary.
        int sent = await page.EvaluateAsync<int>(@"async url => {
            const ws = new WebSocket(url);
            await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
            const hostile = ['{not json', '{""type"":""teleport""}', '{""type"":""ping"",""t"":""soon""}', '[1,2,3]', 'null', 'x'.repeat(70000)];
            for (const m of hostile) ws.send(m);
            ws.send(new Uint8Array([0, 159, 146, 150]));
            await new Promise(r => setTimeout(r, 300));
            ws.close();
            return hostile.length + 1;
        }", new Uri(_server.Url, "/ws").ToString().Replace("http", "ws", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await MalformedAsync() < before + sent && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.That(await MalformedAsync() - before, Is.EqualTo(sent), "every malformed message is dropped and counted");
        // The server still answers the client's own calls: the page's evaluation of the suggested path.
        Trajectory chosen = CaseStore.Load(_caseDirectory).Plan!.Trajectories[0];
        double vessels = await page.EvaluateAsync<double>(@"async ([e, t]) => {
            const r = await fetch('api/case/evaluate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ entryMm: e, targetMm: t }) });
            return (await r.json()).minClearanceMm.vessels; }", new object[] { chosen.EntryMm.ToArray(), chosen.TargetMm.ToArray() });
        Assert.That(vessels, Is.EqualTo(chosen.MinClearanceMm["vessels"]).Within(1e-6));
        await page.CloseAsync();
    }

    private async Task<long> MalformedAsync()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/api/guidance/stats"));
        return stats.RootElement.GetProperty("malformed").GetInt64();
    }

    private Task<IPage> EnterVrAsync() => XrDriver.EnterVrAsync(_browser, _server.Url);

    /// <summary>Places an emulated controller at <paramref name="from"/> (world m) with its -Z ray through <paramref name="at"/>.</summary>
    private static Task PoseAsync(IPage page, string hand, double[] from, double[] at) => XrDriver.AimAsync(page, hand, from, at);

    /// <summary>Moves the emulated headset to <paramref name="eye"/> (world m), looking at <paramref name="at"/>, and waits for it to render there.</summary>
    private static Task LookAtAsync(IPage page, double[] eye, double[] at) => XrDriver.LookAtAsync(page, eye, at);

    private static Task PressAsync(IPage page, string button) => XrDriver.PressAsync(page, "right", button);

    private static Task PullTriggerAsync(IPage page, string hand) => XrDriver.PressAsync(page, hand, "trigger");

    private static Task ClickPanelAsync(IPage page, string button) => XrDriver.ClickPanelAsync(page, button);

    private static Task WaitFramesAsync(IPage page, int frames) => XrDriver.FramesAsync(page, frames);

    private static Task WaitAsync(IPage page, string condition, int timeoutMs) => XrDriver.WaitAsync(page, condition, timeoutMs);

    private static async Task WaitForServerFiguresAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync(@"() => { const v = window.__surgicalnavVr; const e = v.evaluation;
                return e && v.targetMm && e.targetMm.every((x, i) => Math.abs(x - v.targetMm[i]) < 1e-3) && e.entryMm.every((x, i) => Math.abs(x - v.entryMm[i]) < 1e-3)
                    && Object.keys(v.shownClearance).length > 0; }", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            string state = await page.EvaluateAsync<string>("() => JSON.stringify({ vr: window.__surgicalnavVr, errors: window.__surgicalnav.errors, frames: window.__surgicalnav.xrFrames })");
            Assert.Fail($"the panel never showed the server's figures for the picked path; client state: {state}");
        }
    }

    private async Task<Dictionary<string, double>> ServerClearancesAsync(Vec3 entry, Vec3 target)
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var response = await http.PostAsJsonAsync("/api/case/evaluate", new { entryMm = entry.ToArray(), targetMm = target.ToArray() });
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("minClearanceMm").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    private static async Task<Dictionary<string, string>> ShownClearancesAsync(IPage page) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(await page.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavVr.shownClearance)"))!;

    private static void AssertClearancesMatch(Dictionary<string, string> shown, Dictionary<string, double> server)
    {
        Assert.That(shown.Keys, Is.EquivalentTo(server.Keys), "the panel shows a clearance for every structure the server reports");
        foreach ((string structure, double mm) in server)
            Assert.That(Parse(shown[structure]), Is.EqualTo(mm).Within(0.1), $"clearance to {structure}: shown '{shown[structure]}', server {mm:0.000} mm");
    }

    private static double Parse(string shown)
    {
        Assert.That(shown, Does.EndWith(" mm"));
        return double.Parse(shown[..^3], CultureInfo.InvariantCulture);
    }

    private static double DistanceToRay(double[] p, double[] from, double[] at)
    {
        double[] d = [at[0] - from[0], at[1] - from[1], at[2] - from[2]];
        double n = Math.Sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        double[] v = [p[0] - from[0], p[1] - from[1], p[2] - from[2]];
        double along = (v[0] * d[0] + v[1] * d[1] + v[2] * d[2]) / n;
        return Math.Sqrt(Math.Max(0, v[0] * v[0] + v[1] * v[1] + v[2] * v[2] - along * along));
    }

    private static async Task<Vec3> VecAsync(IPage page, string expression)
    {
        double[] v = await page.EvaluateAsync<double[]>($"() => {expression}");
        return new Vec3(v[0], v[1], v[2]);
    }

    private static Vec3 Vec(JsonElement e) => new(e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble());
}
