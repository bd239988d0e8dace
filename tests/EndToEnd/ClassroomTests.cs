using Microsoft.Playwright;
using SurgicalNav.App.Server;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// Test 4: a teacher and two students in one classroom, each in its own browser context (no shared storage),
/// against a real server; a student's page shows only what a student can use and never calls /api; structure labels
/// never overlap; and a student with a wrong code or no code is refused with 401.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClassroomTests : ClassroomFixture
{
    /// <summary>Controls that need the CT or the planning API (the pairing token): none may be on a student's page.</summary>
    private static readonly string[] TeacherOnlySelectors =
    [
        "#volume-panel", "[data-testid='volume-preset']", "[data-mode='target']", "[data-mode='entry']", "[data-testid='accept-path']",
        ".trajectory-row button", "#classroom-start", "#enter-ar", "#guidance-panel", "#slices", "[data-testid='ar-registration']",
    ];

    /// <summary>Longest accepted time from the teacher's click to a student's view changing, in ms (loaded 2-core machine, SwiftShader).</summary>
    private const double VisibilityWithinMs = 1000;

    [Test]
    public async Task TeacherHidesSegment_TwoStudentContexts_SeeItWithinOneSecond()
    {
        IPage teacher = await OpenAsync("/", 1280, 800);
        string code = await StartClassroomAsync(teacher);
        Assert.That(code, Does.Match("^[A-HJKMNP-Z2-9]{6}$"), "a 6-character code without look-alikes");

        var requests = new List<string>();
        IPage[] students = [await OpenAsync($"/?join={code}", 960, 640, requests), await OpenAsync($"/?join={code.ToLowerInvariant()}", 960, 640, requests)];
        foreach (IPage s in students)
        {
            await JoinedAsync(s);
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
        AssertNoApiRequest(requests);
    }

    [Test]
    public async Task StudentPage_JoinFollowAndTeacherChanges_NoApiRequestOnlyStudentControlsAndLabelsApart()
    {
        IPage teacher = await OpenAsync("/", 1000, 680);
        string code = await StartClassroomAsync(teacher);
        var requests = new List<string>();
        IPage student = await OpenAsync($"/?join={code}", 960, 640, requests);
        await JoinedAsync(student);

        // What a student sees: the 3D view, the segments, pointing and measuring, the classroom panel; nothing that needs the CT or /api.
        foreach (string selector in TeacherOnlySelectors)
        {
            ILocator found = student.Locator(selector);
            for (int i = 0; i < await found.CountAsync(); i++)
                Assert.That(await found.Nth(i).IsVisibleAsync(), Is.False, $"a student's page shows {selector}");
        }
        foreach (string selector in new[] { "#viewport canvas", "#segment-list input[data-segment]", "[data-mode='measure']", "#classroom-labels", "#classroom-follow" })
            Assert.That(await student.Locator(selector).First.IsVisibleAsync(), Is.True, $"a student's page lacks {selector}");
        foreach (string selector in new[] { "#volume-panel", "[data-mode='target']", "#slices", "#guidance-panel" })
            Assert.That(await teacher.Locator(selector).First.IsVisibleAsync(), Is.True, $"the teacher's page lacks {selector} (the student check would prove nothing)");

        // The teacher's changes: camera, pointer, visibility, labels, clipping; the student applies each.
        string[] segments = await teacher.EvaluateAsync<string[]>("() => window.__surgicalnav.segments");
        var canvas = (await teacher.Locator("#viewport canvas").BoundingBoxAsync())!;
        (float cx, float cy) = (canvas.X + canvas.Width / 2, canvas.Y + canvas.Height / 2);
        await TurnTeacherAsync(teacher, student, cx, cy, 160, 0);
        await WaitForFramesAsync(student, 2);
        await teacher.Mouse.MoveAsync(cx + 3, cy + 3, new() { Steps = 4 });
        await student.WaitForFunctionAsync("() => window.__surgicalnavClassroom.pointerMm !== null", null, new() { Timeout = 30_000 });
        string hidden = segments.Contains("kidney") ? "kidney" : segments[^1];
        await teacher.Locator($"input[data-segment='{hidden}']").UncheckAsync();
        await teacher.Locator("#classroom-labels").CheckAsync();
        await teacher.Locator("#classroom-clip").CheckAsync();
        await student.WaitForFunctionAsync("n => window.__surgicalnav.visible[n] === false && window.__surgicalnavClassroom.labels && window.__surgicalnavClassroom.clipping",
            hidden, new() { Timeout = 30_000 });
        await teacher.Locator("#classroom-clip").UncheckAsync();
        await student.WaitForFunctionAsync("() => !window.__surgicalnavClassroom.clipping", null, new() { Timeout = 30_000 });

        // Labels: from the default, a turned, a top and a side view, no two label boxes on the student's screen overlap.
        (double Dx, double Dy)[] turns = [(0, 0), (220, 0), (0, -170), (-420, 120)];
        foreach ((double dx, double dy) in turns)
        {
            if (dx != 0 || dy != 0) await TurnTeacherAsync(teacher, student, cx, cy, dx, dy);
            await WaitForFramesAsync(student, 2);
            LabelBox[] boxes = await LabelBoxesAsync(student);
            int visible = await student.EvaluateAsync<int>("() => window.__surgicalnav.segments.filter(n => window.__surgicalnav.visible[n]).length");
            Assert.That(boxes, Has.Length.EqualTo(visible), "one label per visible structure");
            AssertApart(boxes, $"after turning the view by ({dx}, {dy}) px");
            if (dx == 0 && dy == 0) await Screenshots.SaveAsync(student, "classroom-student-labels");
        }
        AssertApart(await LabelBoxesAsync(teacher), "on the teacher's page");

        // Follow off: the teacher's camera no longer moves the student's; back on, it does again.
        await student.Locator("#classroom-follow").UncheckAsync();
        double[] before = await student.EvaluateAsync<double[]>("() => window.__surgicalnavClassroom.viewMm.positionMm");
        await TurnTeacherAsync(teacher, student, cx, cy, 150, 0);
        await WaitForFramesAsync(student, 3);
        double[] unfollowed = await student.EvaluateAsync<double[]>("() => window.__surgicalnavClassroom.viewMm.positionMm");
        Assert.That(Distance(before, unfollowed), Is.LessThan(0.01), "with follow off the student's camera stays put (mm)");
        await student.Locator("#classroom-follow").CheckAsync();
        await TurnTeacherAsync(teacher, student, cx, cy, -60, 0);
        // Orbit damping carries the teacher's camera on for dozens of frames; compare once it has come to rest.
        await WaitForStillCameraAsync(teacher);
        await WaitForFramesAsync(student, 3);
        double[] teacherView = await teacher.EvaluateAsync<double[]>("() => window.__surgicalnavClassroom.viewMm.positionMm");
        double[] followed = await student.EvaluateAsync<double[]>("() => window.__surgicalnavClassroom.viewMm.positionMm");
        Assert.That(Distance(teacherView, followed), Is.LessThan(1), "following again, the student's camera is the teacher's (mm)");

        // Measuring works on the student's 3D surfaces, without the server.
        await student.Locator("[data-mode='measure']").ClickAsync();
        var view = (await student.Locator("#viewport canvas").BoundingBoxAsync())!;
        foreach (float dx in new[] { -8f, 8f })
        {
            int clicks = await student.EvaluateAsync<int>("() => window.__surgicalnav.surfaceClicks.hits + window.__surgicalnav.surfaceClicks.misses");
            await student.Mouse.ClickAsync(view.X + view.Width / 2 + dx, view.Y + view.Height / 2 + dx / 2);
            await student.WaitForFunctionAsync($"() => window.__surgicalnav.surfaceClicks.hits + window.__surgicalnav.surfaceClicks.misses > {clicks}", null, new() { Timeout = 30_000 });
        }
        string clicked = await student.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnav.surfaceClicks)");
        Assert.That(await student.EvaluateAsync<int>("() => window.__surgicalnav.surfaceClicks.misses"), Is.Zero, $"both clicks near the centre of the view land on the anatomy: {clicked}");
        string measured = await student.Locator("[data-testid='measurement']").InnerTextAsync();
        Assert.That(measured, Does.Match(@"Distance \d+\.\d mm"), "two clicks on the anatomy measure a distance");

        Assert.That(await student.EvaluateAsync<string[]>("() => window.__surgicalnav.errors.concat(window.__surgicalnavClassroom.errors)"), Is.Empty);
        TestContext.Out.WriteLine($"{requests.Count} requests from the student's page: {string.Join(", ", requests.Select(r => new Uri(r).AbsolutePath).Distinct())}");
        AssertNoApiRequest(requests);
        Assert.That(requests.Select(r => new Uri(r).AbsolutePath), Has.Some.EqualTo("/classroom/case"), "the recording saw the student's own requests");
    }

    /// <summary>One label's box on screen (CSS px).</summary>
    private sealed record LabelBox(string Name, double Left, double Top, double Right, double Bottom);

    private static async Task<LabelBox[]> LabelBoxesAsync(IPage page) =>
        System.Text.Json.JsonSerializer.Deserialize<LabelBox[]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavClassroom.labelBoxes())"),
            new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private static void AssertApart(LabelBox[] boxes, string when)
    {
        Assert.That(boxes, Is.Not.Empty, $"labels are shown {when}");
        for (int i = 0; i < boxes.Length; i++)
        {
            for (int j = i + 1; j < boxes.Length; j++)
            {
                LabelBox a = boxes[i], b = boxes[j];
                double overlapX = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left), overlapY = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
                Assert.That(overlapX <= 0 || overlapY <= 0, Is.True, $"labels '{a.Name}' and '{b.Name}' overlap by {overlapX:0.0} x {overlapY:0.0} px {when}");
            }
        }
    }

    private static async Task DragAsync(IPage page, float x, float y, double dx, double dy)
    {
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(x + dx), (float)(y + dy), new() { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Orbits the teacher's camera by a mouse drag of (dx, dy) px and waits until the student applied a camera change from it.</summary>
    private static async Task TurnTeacherAsync(IPage teacher, IPage student, float x, float y, double dx, double dy)
    {
        double applied = await student.EvaluateAsync<double>("() => window.__surgicalnavClassroom.appliedAtMs.camera ?? 0");
        await DragAsync(teacher, x, y, dx, dy);
        await student.WaitForFunctionAsync($"() => (window.__surgicalnavClassroom.appliedAtMs.camera ?? 0) > {applied}", null, new() { Timeout = 30_000 });
    }

    /// <summary>
    /// Waits until the page's camera has moved less than 0.1 mm over 6 drawn frames (counted in frames, not time: on the
    /// loaded machine one SwiftShader frame can take longer than any fixed wait). Orbit damping then has less than about
    /// 0.2 mm left to go.
    /// </summary>
    private static async Task WaitForStillCameraAsync(IPage page)
    {
        await page.EvaluateAsync("() => { window.__stillPose = null; }");
        await page.WaitForFunctionAsync(@"() => { const p = window.__surgicalnavClassroom.viewMm?.positionMm; const frame = window.__surgicalnav.frames;
            const s = window.__stillPose; if (!p) return false;
            if (!s || Math.hypot(p[0] - s.p[0], p[1] - s.p[1], p[2] - s.p[2]) > 0.1) { window.__stillPose = { p: [...p], frame }; return false; }
            return frame - s.frame >= 6; }",
            null, new() { Timeout = 180_000, PollingInterval = 50 });
    }

    /// <summary>Waits until the page drew <paramref name="frames"/> more frames.</summary>
    private static async Task WaitForFramesAsync(IPage page, int frames)
    {
        int now = await page.EvaluateAsync<int>("() => window.__surgicalnav.frames");
        await page.WaitForFunctionAsync($"() => window.__surgicalnav.frames >= {now + frames}", null, new() { Timeout = 60_000, PollingInterval = 20 });
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());

    [Test]
    public async Task StudentWithoutTheCode_Gets401()
    {
        // A server of its own: the wrong codes below count against loopback in its join limiter, not the other test's.
        await using RunningServer server = await CaseServer.StartAsync(new CaseServerOptions(CaseDirectory, Port: 0), CancellationToken.None);
        await server.Classroom.StartAsync();
        var context = await Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 960, Height = 640 } });
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
}
