using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// A served case with classroom helpers: pages in browser contexts of their own (closed after each test, also one
/// that failed half way, so the next test has the CPU), a teacher starting a session, and the check that a student's
/// page never calls the teacher's API.
/// </summary>
public abstract class ClassroomFixture : ServedCaseFixture
{
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>Closes the contexts the test opened.</summary>
    [TearDown]
    public async Task CloseContexts()
    {
        foreach (IBrowserContext context in _contexts) await context.CloseAsync();
        _contexts.Clear();
    }

    /// <summary>
    /// Opens <paramref name="path"/> in a new context of <paramref name="width"/> x <paramref name="height"/> CSS px and
    /// waits until the case is drawn; every request and WebSocket URL of the page goes into <paramref name="requests"/>.
    /// </summary>
    protected async Task<IPage> OpenAsync(string path, int width, int height, List<string>? requests = null)
    {
        var context = await Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        _contexts.Add(context);
        IPage page = await context.NewPageAsync();
        if (requests is not null)
        {
            page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
            page.WebSocket += (_, w) => { lock (requests) requests.Add(w.Url); };
        }
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error") console.Add(m.Text); };
        page.PageError += (_, e) => console.Add($"page error: {e}");
        await page.GotoAsync(new Uri(Server.Url, path).ToString(), new() { Timeout = 120_000 });
        // Several pages draw with SwiftShader on the CPU at once; on the shared 2-core machine the first frame can take long.
        await page.WaitForFunctionAsync("() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)",
            null, new() { Timeout = 120_000 });
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty, string.Join("\n", console));
        return page;
    }

    /// <summary>Clicks Start classroom on the teacher's page and returns the code it shows.</summary>
    protected static async Task<string> StartClassroomAsync(IPage teacher)
    {
        await teacher.Locator("#classroom-start").ClickAsync();
        await teacher.WaitForFunctionAsync("() => window.__surgicalnavClassroom.connected && window.__surgicalnavClassroom.code", null, new() { Timeout = 30_000 });
        return await teacher.Locator("[data-testid='classroom-code']").InnerTextAsync();
    }

    /// <summary>Waits until a student's page is connected to the classroom.</summary>
    protected static Task JoinedAsync(IPage student) =>
        student.WaitForFunctionAsync("() => window.__surgicalnavClassroom.connected && window.__surgicalnavClassroom.clientId > 0", null, new() { Timeout = 30_000 });

    /// <summary>Fails on any request to the server's /api or /ws, which need the pairing token a student does not have.</summary>
    protected static void AssertNoApiRequest(List<string> requests)
    {
        string[] api;
        lock (requests) api = [.. requests.Where(r => new Uri(r).AbsolutePath is var path && (path.StartsWith("/api", StringComparison.Ordinal) || path == "/ws"))];
        Assert.That(api, Is.Empty, "a student's page called the teacher's API");
    }
}
