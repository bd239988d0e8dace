using System.Text.Json;
using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// A classroom in headsets: teacher and student each in their own browser context with iwer's emulated Meta Quest 3.
/// The teacher's laser, controller clipping plane, VR panel toggles and anatomy placement reach the student, and the
/// following student is moved to the teacher's viewpoint by a snap, not head-locked.
/// </summary>
[Category(LongTests.Category)]
[Explicit(LongTests.Reason)]
[TestFixture]
[NonParallelizable]
public sealed class ClassroomXrTests : ClassroomFixture
{
    /// <summary>Largest distance between the teacher's laser hit and the student's pointer, in mm.</summary>
    private const double PointerWithinMm = 1;

    /// <summary>Largest distance of the teacher's controller from the student's clipping plane, in mm, and angle between their normals, in degrees.</summary>
    private const double PlaneWithinMm = 1, NormalWithinDeg = 1;

    /// <summary>Largest difference of the student's snapped viewpoint from the teacher's head: position in patient mm, viewing direction in degrees.</summary>
    private const double ViewWithinMm = 1, ViewWithinDeg = 1;

    /// <summary>Largest difference of the student's anatomy placement from the teacher's: position mm, turn degrees, relative scale.</summary>
    private const double PlacementWithinMm = 1, PlacementWithinDeg = 0.2, ScaleWithin = 0.002;

    [Test]
    public async Task TeacherInVr_LaserClipTogglesAndPlacement_ReachTheStudentWhoSnapsToTheTeachersView()
    {
        IPage teacher = await OpenAsync("/?xr=quest3", 960, 640);
        string code = await StartClassroomAsync(teacher);
        var requests = new List<string>();
        IPage student = await OpenAsync($"/?join={code}&xr=quest3", 960, 640, requests);
        await JoinedAsync(student);
        await EnterVrAsync(teacher);
        await EnterVrAsync(student);
        string[] studentPanel = await student.EvaluateAsync<string[]>("() => window.__surgicalnavVr.panel");
        foreach (string teacherOnly in new[] { "CT volume", "Rehearsal", "Suggestion", "Laser places" })
            Assert.That(studentPanel, Has.None.Contains(teacherOnly).IgnoreCase, "the student's VR panel has no planning, CT or rehearsal tools");
        Assert.That(await teacher.EvaluateAsync<string[]>("() => window.__surgicalnavVr.panel"), Has.Some.EqualTo("CT volume"), "(the teacher's has)");
        // The student stands elsewhere in its room, looking another way, tilted down as much as the teacher will be (atan 0.3, 16.7°).
        await XrDriver.LookAtAsync(student, [0.5, 1.7, 0.5], [0.5 - 0.6, 1.7 - 0.2, 0.5 + 0.3]);

        // 1. The teacher's laser on the anatomy is the student's pointer.
        double[] from = [0.12, 1.5, -0.55];
        double[] anatomyCentre = await AnatomyCentreWorldAsync(teacher);
        await XrDriver.AimAsync(teacher, "right", from, anatomyCentre);
        await teacher.WaitForFunctionAsync("() => window.__surgicalnavVr.laserHitMm !== null", null, new() { Timeout = 30_000 });
        await XrDriver.FramesAsync(teacher, 8);
        double[] hit = await teacher.EvaluateAsync<double[]>("() => window.__surgicalnavVr.laserHitMm");
        double[] hitWorld = await teacher.EvaluateAsync<double[]>("p => window.__surgicalnavVr.lpsToWorld(p)", hit);
        Assert.That(DistanceToRay(hitWorld, from, anatomyCentre) * 1000, Is.LessThan(0.5), "the teacher's hit lies on its laser (mm)");
        await WaitAsync(student, $"() => {{ const p = window.__surgicalnavClassroom.pointerMm; const h = {Json(hit)}; return p && Math.hypot(p[0] - h[0], p[1] - h[1], p[2] - h[2]) < {PointerWithinMm}; }}");
        double[] pointer = await student.EvaluateAsync<double[]>("() => window.__surgicalnavClassroom.pointerMm");
        TestContext.Out.WriteLine($"laser hit {Fmt(hit)} mm; student's pointer {Distance(pointer, hit):0.000} mm from it");

        // 2. X on the teacher's left controller: its clipping plane becomes the student's renderer's.
        double[] clipAt = [anatomyCentre[0] - 0.03, anatomyCentre[1] + 0.02, anatomyCentre[2] + 0.12];
        double[] clipToward = [anatomyCentre[0] + 0.05, anatomyCentre[1] - 0.04, anatomyCentre[2] - 0.2];
        await XrDriver.AimAsync(teacher, "left", clipAt, clipToward);
        await XrDriver.PressAsync(teacher, "left", "x-button");
        Assert.That(await teacher.EvaluateAsync<bool>("() => window.__surgicalnavVr.clip"), Is.True, "X turned the teacher's clipping plane on");
        double[] pointLps = await teacher.EvaluateAsync<double[]>("p => window.__surgicalnavVr.worldToLps(p)", clipAt);
        double[] towardLps = await teacher.EvaluateAsync<double[]>("p => window.__surgicalnavVr.worldToLps(p)", clipToward);
        double[] normalLps = Unit(Sub(towardLps, pointLps));
        await WaitAsync(student, "() => window.__surgicalnavClassroom.rendererClipping !== null");
        await WaitAsync(student, $@"() => {{ const c = window.__surgicalnavClassroom.rendererClipping; const p = {Json(pointLps)}; const n = {Json(normalLps)};
            return c && Math.abs((p[0] - c.pointMm[0]) * c.normal[0] + (p[1] - c.pointMm[1]) * c.normal[1] + (p[2] - c.pointMm[2]) * c.normal[2]) < {PlaneWithinMm}
                && c.normal[0] * n[0] + c.normal[1] * n[1] + c.normal[2] * n[2] > Math.cos({NormalWithinDeg} * Math.PI / 180); }}");
        using (var clip = JsonDocument.Parse(await student.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavClassroom.rendererClipping)")))
        {
            double[] p = Vector(clip.RootElement.GetProperty("pointMm")), n = Vector(clip.RootElement.GetProperty("normal"));
            double offPlane = Math.Abs(Dot(Sub(pointLps, p), n)), angle = Math.Acos(Math.Min(1, Dot(n, normalLps))) * 180 / Math.PI;
            TestContext.Out.WriteLine($"controller plane: teacher's controller {offPlane:0.000} mm from the student's renderer plane, normals {angle:0.000}° apart");
            Assert.That(offPlane, Is.LessThan(PlaneWithinMm));
            Assert.That(angle, Is.LessThan(NormalWithinDeg));
        }
        await XrDriver.PressAsync(teacher, "left", "x-button");
        await WaitAsync(student, "() => window.__surgicalnavClassroom.rendererClipping === null && !window.__surgicalnavClassroom.clipping");

        // 3. A segment toggled on the teacher's VR panel is hidden for the student, and shown again.
        string toggled = (await teacher.EvaluateAsync<string[]>("() => window.__surgicalnav.segments"))[^1];
        TestContext.Out.WriteLine("teacher's VR panel: " + string.Join(" | ", await teacher.EvaluateAsync<string[]>("() => window.__surgicalnavVr.panel")));
        await XrDriver.ClickPanelAsync(teacher, $"segment:{toggled}");
        await WaitAsync(student, $"() => window.__surgicalnav.visible['{toggled}'] === false");
        await XrDriver.ClickPanelAsync(teacher, $"segment:{toggled}");
        await WaitAsync(student, $"() => window.__surgicalnav.visible['{toggled}'] === true");

        // 4. Two hands grab the anatomy, turn it 25° and scale it 1.5x: the student's anatomy gets the same placement.
        double[] mid = [0, 1.3, -0.5];
        double turn = 25 * Math.PI / 180;
        double[] side = [Math.Cos(turn), 0, -Math.Sin(turn)];
        await XrDriver.AimAsync(teacher, "left", [-0.1, 1.3, -0.5], [-0.1, 1.3, -1.5]);
        await XrDriver.AimAsync(teacher, "right", [0.1, 1.3, -0.5], [0.1, 1.3, -1.5]);
        await teacher.EvaluateAsync("() => { const c = window.__surgicalnavXrDevice.controllers; c.left.updateButtonValue('squeeze', 1); c.right.updateButtonValue('squeeze', 1); }");
        await WaitAsync(teacher, "() => window.__surgicalnavVr.grabbing");
        await XrDriver.AimAsync(teacher, "left", [mid[0] - 0.15 * side[0], mid[1], mid[2] - 0.15 * side[2]], [-0.1, 1.3, -1.5]);
        await XrDriver.AimAsync(teacher, "right", [mid[0] + 0.15 * side[0], mid[1], mid[2] + 0.15 * side[2]], [0.1, 1.3, -1.5]);
        await teacher.EvaluateAsync("() => { const c = window.__surgicalnavXrDevice.controllers; c.left.updateButtonValue('squeeze', 0); c.right.updateButtonValue('squeeze', 0); }");
        await WaitAsync(teacher, "() => !window.__surgicalnavVr.grabbing");
        Assert.That(await teacher.EvaluateAsync<double>("() => window.__surgicalnavVr.scale"), Is.EqualTo(1.5).Within(0.01));
        await XrDriver.FramesAsync(teacher, 3);
        string teacherPlacement = await teacher.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavClassroom.placement)");
        await WaitAsync(student, $@"() => {{ const a = window.__surgicalnavClassroom.placement, b = {teacherPlacement};
            return Math.abs(a.scale / b.scale - 1) < {ScaleWithin} && a.positionRoomMm.every((v, i) => Math.abs(v - b.positionRoomMm[i]) < {PlacementWithinMm}); }}");
        AssertPlacementsMatch(teacherPlacement, await student.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavClassroom.placement)"));

        // 5. The teacher steps to another viewpoint: once it has come to rest, the following student is snapped there.
        anatomyCentre = await AnatomyCentreWorldAsync(teacher);
        const double Tilt = 0.2 / 0.6708; // the student's downward tilt: rise over horizontal run
        double[] eye = [anatomyCentre[0] - 0.3, anatomyCentre[1] + Tilt * Math.Sqrt(0.3 * 0.3 + 0.5 * 0.5), anatomyCentre[2] + 0.5];
        int snaps = await student.EvaluateAsync<int>("() => window.__surgicalnavClassroom.snap.count");
        await XrDriver.LookAtAsync(teacher, eye, anatomyCentre);
        await WaitAsync(student, $"() => window.__surgicalnavClassroom.snap.count > {snaps} && !window.__surgicalnavClassroom.snap.busy");
        await XrDriver.FramesAsync(student, 3);
        await AssertStudentSeesFromAsync(teacher, student, eye, anatomyCentre);
        Assert.That(await student.EvaluateAsync<int>("() => window.__surgicalnavClassroom.snap.count"), Is.EqualTo(snaps + 1), "one snap, not a stream of moves");

        // What the student sees there: labels (from the teacher's VR panel), the teacher's pointer and clipping plane.
        await XrDriver.ClickPanelAsync(teacher, "classroom:labels");
        await XrDriver.AimAsync(teacher, "right", from, anatomyCentre);
        await XrDriver.AimAsync(teacher, "left", [anatomyCentre[0] + 0.02, anatomyCentre[1] + 0.05, anatomyCentre[2] + 0.1], [anatomyCentre[0] - 0.02, anatomyCentre[1] - 0.1, anatomyCentre[2] - 0.2]);
        await XrDriver.PressAsync(teacher, "left", "x-button");
        await WaitAsync(student, "() => window.__surgicalnavClassroom.labels && window.__surgicalnavClassroom.rendererClipping !== null && window.__surgicalnavClassroom.pointerMm !== null");
        await XrDriver.FramesAsync(student, 3);
        await Screenshots.SaveAsync(student, "classroom-student-vr");
        await XrDriver.PressAsync(teacher, "left", "x-button");

        // 6. Follow off (the student's VR panel): the teacher's next viewpoint does not move the student; back on, it does.
        await XrDriver.ClickPanelAsync(student, "classroom:follow");
        Assert.That(await student.EvaluateAsync<bool>("() => window.__surgicalnavClassroom.follow"), Is.False);
        double[] eye2 = [anatomyCentre[0] + 0.5, anatomyCentre[1] + Tilt * Math.Sqrt(0.5 * 0.5 + 0.3 * 0.3), anatomyCentre[2] + 0.3];
        double applied = await student.EvaluateAsync<double>("() => window.__surgicalnavClassroom.appliedAtMs.camera");
        await XrDriver.LookAtAsync(teacher, eye2, anatomyCentre);
        await WaitAsync(student, $"() => window.__surgicalnavClassroom.appliedAtMs.camera > {applied}");
        await student.WaitForTimeoutAsync(1500); // three settle times
        Assert.That(await student.EvaluateAsync<int>("() => window.__surgicalnavClassroom.snap.count"), Is.EqualTo(snaps + 1), "with follow off the student is not moved");
        await XrDriver.ClickPanelAsync(student, "classroom:follow");
        await WaitAsync(student, $"() => window.__surgicalnavClassroom.snap.count > {snaps + 1} && !window.__surgicalnavClassroom.snap.busy");
        await XrDriver.FramesAsync(student, 3);
        await AssertStudentSeesFromAsync(teacher, student, eye2, anatomyCentre);

        foreach (IPage p in new[] { teacher, student })
            Assert.That(await p.EvaluateAsync<string[]>("() => window.__surgicalnav.errors.concat(window.__surgicalnavClassroom.errors)"), Is.Empty);
        AssertNoApiRequest(requests);
    }

    /// <summary>
    /// The student's head (between its eyes) in patient mm is the teacher's <paramref name="eye"/>, and it looks the same
    /// way (the student was given the teacher's downward tilt, so the whole direction can be compared).
    /// </summary>
    private static async Task AssertStudentSeesFromAsync(IPage teacher, IPage student, double[] eye, double[] at)
    {
        double[] eyeMm = await teacher.EvaluateAsync<double[]>("p => window.__surgicalnavVr.worldToLps(p)", eye);
        double[] atMm = await teacher.EvaluateAsync<double[]>("p => window.__surgicalnavVr.worldToLps(p)", at);
        using var view = JsonDocument.Parse(await student.EvaluateAsync<string>("() => JSON.stringify(window.__surgicalnavClassroom.viewMm)"));
        double[] position = Vector(view.RootElement.GetProperty("positionMm")), target = Vector(view.RootElement.GetProperty("targetMm"));
        double off = Distance(position, eyeMm);
        double angle = Math.Acos(Math.Min(1, Dot(Unit(Sub(target, position)), Unit(Sub(atMm, eyeMm))))) * 180 / Math.PI;
        TestContext.Out.WriteLine($"student's head {off:0.000} mm from the teacher's, viewing directions {angle:0.000}° apart (patient frame)");
        Assert.That(off, Is.LessThan(ViewWithinMm), "the student's head is at the teacher's viewpoint (patient mm)");
        Assert.That(angle, Is.LessThan(ViewWithinDeg), "the student looks the teacher's way (degrees)");
    }

    private static void AssertPlacementsMatch(string teacherJson, string studentJson)
    {
        using var t = JsonDocument.Parse(teacherJson);
        using var s = JsonDocument.Parse(studentJson);
        double[] tp = Vector(t.RootElement.GetProperty("positionRoomMm")), sp = Vector(s.RootElement.GetProperty("positionRoomMm"));
        double[] tq = Vector(t.RootElement.GetProperty("rotationXyzw")), sq = Vector(s.RootElement.GetProperty("rotationXyzw"));
        double ts = t.RootElement.GetProperty("scale").GetDouble(), ss = s.RootElement.GetProperty("scale").GetDouble();
        double turnDeg = 2 * Math.Acos(Math.Min(1, Math.Abs(Dot(tq, sq)))) * 180 / Math.PI;
        TestContext.Out.WriteLine($"placement: teacher {Fmt(tp)} mm, scale {ts:0.0000}; student off by {Distance(tp, sp):0.000} mm, {turnDeg:0.000}°, scale x{ss / ts:0.00000}");
        Assert.That(Distance(tp, sp), Is.LessThan(PlacementWithinMm));
        Assert.That(turnDeg, Is.LessThan(PlacementWithinDeg));
        Assert.That(ss / ts, Is.EqualTo(1).Within(ScaleWithin));
        Assert.That(2 * Math.Acos(Math.Min(1, Math.Abs(tq[3]))) * 180 / Math.PI, Is.EqualTo(25).Within(0.5), "the grab turned the anatomy 25°");
    }

    /// <summary>The centre of the anatomy's bounds in the page's room (m).</summary>
    private static async Task<double[]> AnatomyCentreWorldAsync(IPage page) =>
        await page.EvaluateAsync<double[]>("() => window.__surgicalnavVr.lpsToWorld(window.__surgicalnavClassroom.anatomyCentreMm())");

    private static async Task EnterVrAsync(IPage page)
    {
        await page.Locator("#enter-vr").ClickAsync(new() { Timeout = 20_000 });
        await WaitAsync(page, "() => window.__surgicalnavVr.active || window.__surgicalnav.errors.length > 0");
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        await XrDriver.FramesAsync(page, 2);
    }

    /// <summary>Waits for a condition in the page; on timeout fails with the page's classroom and VR state.</summary>
    private static async Task WaitAsync(IPage page, string condition, int timeoutMs = 60_000)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = timeoutMs, PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            string state = await page.EvaluateAsync<string>(@"() => JSON.stringify({ classroom: window.__surgicalnavClassroom, vr: { active: window.__surgicalnavVr.active,
                clip: window.__surgicalnavVr.clip, laserHitMm: window.__surgicalnavVr.laserHitMm, panel: window.__surgicalnavVr.panel }, errors: window.__surgicalnav.errors })");
            Assert.Fail($"waited {timeoutMs} ms for `{condition}`; page state: {state}");
        }
    }

    private static string Json(double[] v) => JsonSerializer.Serialize(v);

    private static string Fmt(double[] v) => string.Join(", ", v.Select(x => x.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));

    private static double[] Vector(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];

    private static double[] Sub(double[] a, double[] b) => [.. a.Zip(b, (x, y) => x - y)];

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double[] Unit(double[] a) => [.. a.Select(x => x / Math.Sqrt(Dot(a, a)))];

    private static double Distance(double[] a, double[] b) => Math.Sqrt(Dot(Sub(a, b), Sub(a, b)));

    private static double DistanceToRay(double[] p, double[] from, double[] at)
    {
        double[] d = Unit(Sub(at, from)), v = Sub(p, from);
        double along = Dot(v, d);
        return Math.Sqrt(Math.Max(0, Dot(v, v) - along * along));
    }
}
