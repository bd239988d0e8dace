using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SurgicalNav.App.Server;
using SurgicalNav.EndToEnd.Tests.TestData;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// The web client in Debian's Chromium against a real CaseServer, with iwer emulating a Meta Quest 3 for
/// the immersive session.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WebClientTests
{
    private string _caseDirectory = "";
    private JsonNode _case = null!;
    private RunningServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartServerAndBrowser()
    {
        _caseDirectory = Path.Combine(Path.GetTempPath(), $"surgicalnav-e2e-{Guid.NewGuid():N}");
        TestCase.Create(_caseDirectory);
        _case = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_caseDirectory, "case.json")))!;
        _server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopServerAndBrowser()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        if (Directory.Exists(_caseDirectory)) Directory.Delete(_caseDirectory, recursive: true);
    }

    [Test]
    public async Task EnterVr_Quest3Emulation_ShowsSegmentsTogglesAndRendersXrFrames()
    {
        var (page, console) = await OpenAsync("?xr=quest3");

        string[] sceneSegments = await page.EvaluateAsync<string[]>("() => window.__surgicalnav.segments");
        foreach (var segment in _case["segments"]!.AsArray())
        {
            string name = segment!["name"]!.GetValue<string>();
            Assert.That(sceneSegments, Does.Contain(name), $"segment '{name}' of case.json is not a mesh in the scene");
        }
        await Screenshots.SaveAsync(page, "desktop");

        string toggled = sceneSegments.Contains("liver") ? "liver" : sceneSegments[0];
        Assert.That(await VisibleAsync(page, toggled), Is.True, $"{toggled} should start visible");
        await page.Locator($"input[data-segment='{toggled}']").ClickAsync();
        Assert.That(await VisibleAsync(page, toggled), Is.False, $"unticking {toggled} should hide it");
        await page.Locator($"input[data-segment='{toggled}']").ClickAsync();
        Assert.That(await VisibleAsync(page, toggled), Is.True, $"ticking {toggled} again should show it");

        var enterVr = page.Locator("#enter-vr");
        await enterVr.ClickAsync(new LocatorClickOptions { Timeout = 10_000 });
        await page.WaitForFunctionAsync(
            "() => window.__surgicalnav.xrSessionMode === 'immersive-vr' || window.__surgicalnav.errors.length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await AssertNoClientErrorsAsync(page, console);
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnav.xrSessionMode"), Is.EqualTo("immersive-vr"));

        // Frames must keep arriving. SwiftShader draws on the CPU, so the rate depends on load: the test waits for
        // 10 new frames (up to 20 s) rather than demanding a rate, and reports the rate it saw.
        int before = await page.EvaluateAsync<int>("() => window.__surgicalnav.xrFrames");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.WaitForFunctionAsync($"() => window.__surgicalnav.xrFrames >= {before + 10}", null,
            new PageWaitForFunctionOptions { Timeout = 20_000, PollingInterval = 50 });
        int after = await page.EvaluateAsync<int>("() => window.__surgicalnav.xrFrames");
        TestContext.Out.WriteLine($"XR frames: {after - before} in {clock.Elapsed.TotalSeconds:0.0} s ({(after - before) / clock.Elapsed.TotalSeconds:0.0} fps under SwiftShader)");
        Assert.That(after - before, Is.GreaterThanOrEqualTo(10), "XR frames stopped arriving");
        await Screenshots.SaveAsync(page, "vr");
        await page.CloseAsync();
    }

    [Test]
    public async Task PlanPanel_Desktop_ShowsBestTrajectoryLengthToOneDecimal()
    {
        var (page, _) = await OpenAsync("");
        double lengthMm = _case["plan"]!["trajectories"]![0]!["lengthMm"]!.GetValue<double>();
        string expected = lengthMm.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " mm";
        Assert.That(await page.Locator("[data-testid='plan-length']").InnerTextAsync(), Is.EqualTo(expected));
        double vessels = _case["plan"]!["trajectories"]![0]!["minClearanceMm"]!["vessels"]!.GetValue<double>();
        Assert.That(await page.Locator("[data-testid='plan-clearance-vessels']").InnerTextAsync(),
            Is.EqualTo(vessels.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " mm"));
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnav.xrSessionMode"), Is.Null);
        await page.CloseAsync();
    }

    [Test]
    public async Task CaseUnreadable_ShowsErrorBannerAndNeverReady()
    {
        string brokenCase = Path.Combine(Path.GetTempPath(), $"surgicalnav-e2e-broken-{Guid.NewGuid():N}");
        TestCase.Create(brokenCase);
        try
        {
            await using var server = await CaseServer.StartAsync(new CaseServerOptions(brokenCase, Port: 0), CancellationToken.None);
            File.Delete(Path.Combine(brokenCase, "case.json")); // the case vanishes while the server runs
            var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            await page.GotoAsync(server.Url.ToString());
            await page.WaitForFunctionAsync("() => window.__surgicalnav && window.__surgicalnav.errors.length > 0",
                null, new PageWaitForFunctionOptions { Timeout = 15_000 });
            string banner = await page.Locator("#banner").InnerTextAsync();
            Assert.That(banner, Does.Contain("Could not load the case").And.Contain("404"));
            Assert.That(await page.EvaluateAsync<bool>("() => window.__surgicalnav.ready"), Is.False);
            await Screenshots.SaveAsync(page, "error");
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(brokenCase, recursive: true);
        }
    }

    private async Task<(IPage Page, List<string> Console)> OpenAsync(string query)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") console.Add($"{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => console.Add($"page error: {error}");
        await page.GotoAsync(new Uri(_server.Url, "/" + query).ToString());
        await page.WaitForFunctionAsync(
            "() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await AssertNoClientErrorsAsync(page, console);
        return (page, console);
    }

    private static async Task AssertNoClientErrorsAsync(IPage page, List<string> console)
    {
        string[] errors = await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors");
        Assert.That(errors, Is.Empty, "the client reported errors; browser console:\n" + string.Join("\n", console));
    }

    private static Task<bool> VisibleAsync(IPage page, string segment) =>
        page.EvaluateAsync<bool>("name => window.__surgicalnav.visible[name] === true", segment);
}
