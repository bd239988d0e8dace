using Microsoft.Playwright;
using SurgicalNav.App.Server;
using SurgicalNav.EndToEnd.Tests.TestData;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// Test 4: a teacher and two students in one classroom, each in its own browser context (no shared storage),
/// against a real server; and a student with a wrong code or no code is refused with 401.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClassroomTests
{
    /// <summary>Longest accepted time from the teacher's click to a student's view changing, in ms (loaded 2-core machine, SwiftShader).</summary>
    private const double VisibilityWithinMs = 1000;

    private string _caseDirectory = "";
    private RunningServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartServerAndBrowser()
    {
        _caseDirectory = Path.Combine(Path.GetTempPath(), $"surgicalnav-e2e-class-{Guid.NewGuid():N}");
        TestCase.Create(_caseDirectory);
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
    public async Task TeacherHidesSegment_TwoStudentContexts_SeeItWithinOneSecond()
    {
        IPage teacher = await OpenAsync("/", 1280, 800);
        await teacher.Locator("#classroom-start").ClickAsync();
        await teacher.WaitForFunctionAsync("() => window.__surgicalnavClassroom.connected && window.__surgicalnavClassroom.code", null, new() { Timeout = 30_000 });
        string code = await teacher.Locator("[data-testid='classroom-code']").InnerTextAsync();
        Assert.That(code, Does.Match("^[A-HJKMNP-Z2-9]{6}$"), "a 6-character code without look-alikes");

        IPage[] students = [await OpenAsync($"/?join={code}", 960, 640), await OpenAsync($"/?join={code.ToLowerInvariant()}", 960, 640)];
        foreach (IPage s in students)
        {
            await s.WaitForFunctionAsync("() => window.__surgicalnavClassroom.connected && window.__surgicalnavClassroom.clientId > 0", null, new() { Timeout = 30_000 });
            Assert.That(await s.EvaluateAsync<string>("() => window.__surgicalnavClassroom.role"), Is.EqualTo("student"));
            Assert.That(await s.Locator("#case-name").InnerTextAsync(), Is.EqualTo("De-identified case"), "students get the de-identified case");
        }

        string[] segments = await teacher.EvaluateAsync<string[]>("() => window.__surgicalnav.segments");
        string hidden = segments.Contains("liver") ? "liver" : segments[0];
        foreach (IPage s in students) Assert.That(await s.EvaluateAsync<bool>("n => window.__surgicalnav.visible[n]", hidden), Is.True);
        double clickedAt = await teacher.EvaluateAsync<double>(
            "n => { const t = Date.now(); document.querySelector(`input[data-segment='${n}']`).click(); return t; }", hidden);
        foreach (IPage s in students)
        {
            await s.WaitForFunctionAsync("n => window.__surgicalnav.visible[n] === false", hidden, new() { Timeout = 5_000, PollingInterval = 10 });
            double appliedAt = await s.EvaluateAsync<double>("n => window.__surgicalnavClassroom.appliedAtMs['visibility:' + n]", hidden);
            TestContext.Out.WriteLine($"{hidden} hidden by the teacher, applied by a student after {appliedAt - clickedAt:0} ms");
            Assert.That(appliedAt - clickedAt, Is.LessThan(VisibilityWithinMs));
            Assert.That(await s.Locator($"input[data-segment='{hidden}']").IsCheckedAsync(), Is.False, "the student's list follows");
        }

        // Labels and a clipping plane, shared the same way; then the views are saved to be looked at.
        await teacher.Locator("#classroom-labels").CheckAsync();
        await teacher.Locator("#classroom-clip").CheckAsync();
        foreach (IPage s in students)
        {
            await s.WaitForFunctionAsync("() => window.__surgicalnavClassroom.labels && window.__surgicalnavClassroom.clipping", null, new() { Timeout = 30_000 });
            Assert.That(await s.EvaluateAsync<int>("() => window.__surgicalnavClassroom.rendererClippingPlanes"), Is.EqualTo(1), "the plane reaches the student's renderer");
        }
        await teacher.WaitForTimeoutAsync(300);
        await Screenshots.SaveAsync(teacher, "classroom-teacher");
        await Screenshots.SaveAsync(students[0], "classroom-student");

        // Control handed to a student: the teacher's view follows the student's change.
        long studentId = await students[0].EvaluateAsync<long>("() => window.__surgicalnavClassroom.clientId");
        await teacher.WaitForSelectorAsync($"button[data-member='{studentId}']", new() { Timeout = 30_000 });
        await teacher.Locator($"button[data-member='{studentId}']").ClickAsync();
        await students[0].WaitForFunctionAsync("() => window.__surgicalnavClassroom.controller === window.__surgicalnavClassroom.clientId", null, new() { Timeout = 30_000 });
        await students[0].Locator($"input[data-segment='{hidden}']").CheckAsync();
        await teacher.WaitForFunctionAsync("n => window.__surgicalnav.visible[n] === true", hidden, new() { Timeout = 30_000 });
        await students[1].WaitForFunctionAsync("n => window.__surgicalnav.visible[n] === true", hidden, new() { Timeout = 30_000 });

        foreach (IPage p in students.Append(teacher))
            Assert.That(await p.EvaluateAsync<string[]>("() => window.__surgicalnav.errors.concat(window.__surgicalnavClassroom.errors)"), Is.Empty);
        foreach (IPage p in students.Append(teacher)) await p.Context.CloseAsync();
    }

    [Test]
    public async Task StudentWithoutTheCode_Gets401()
    {
        // A server of its own: the wrong codes below count against loopback in its join limiter, not the other test's.
        await using RunningServer server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        await server.Classroom.StartAsync();
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 960, Height = 640 } });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.Url, "/?join=WRONG2").ToString());
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=join-message]')?.textContent.startsWith('Not admitted')", null, new() { Timeout = 30_000 });
        int wrongCode = await page.EvaluateAsync<int>("async () => (await fetch('/classroom/join', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'WRONG3' }) })).status");
        int noKey = await page.EvaluateAsync<int>("async () => (await fetch('/classroom/case')).status");
        int noKeyGlb = await page.EvaluateAsync<int>("async () => (await fetch('/classroom/anatomy.glb?key=guessed')).status");
        Assert.That(new[] { wrongCode, noKey, noKeyGlb }, Is.All.EqualTo(401));
        Assert.That(await page.EvaluateAsync<bool>("() => window.__surgicalnav.ready"), Is.False, "nothing of the case is shown without the code");
        await Screenshots.SaveAsync(page, "classroom-wrong-code");
        await context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(string path, int width, int height)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        IPage page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error") console.Add(m.Text); };
        await page.GotoAsync(new Uri(_server.Url, path).ToString());
        // Three pages draw with SwiftShader on the CPU at once; on the shared 2-core machine the first frame can take long.
        await page.WaitForFunctionAsync("() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)",
            null, new() { Timeout = 120_000 });
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty, string.Join("\n", console));
        return page;
    }
}
