using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// Drives iwer's emulated Meta Quest 3 from a test: controller and headset poses, buttons, panel clicks, frame waits.
/// Poses are given in the page's room (three's world frame, m); after a classroom viewpoint snap moved the room against
/// the headset's tracking space, they are converted into tracking space first.
/// </summary>
internal static class XrDriver
{
    /// <summary>JavaScript that maps a room point to the emulator's tracking space (identity until a snap moved the room).</summary>
    private const string ToTracking = "const track = p => window.__surgicalnavClassroom?.snap?.trackingFromRoom(p) ?? p;";

    /// <summary>
    /// Places an emulated controller (<paramref name="input"/> "controllers") or a tracked hand ("hands") at
    /// <paramref name="from"/> (room m) with its −Z target ray through <paramref name="at"/> (m), and waits two frames.
    /// </summary>
    public static async Task AimAsync(IPage page, string hand, double[] from, double[] at, string input = "controllers")
    {
        await page.EvaluateAsync(@"([input, hand, from0, at0]) => { " + ToTracking + @"
            const from = track(from0), at = track(at0);
            const c = window.__surgicalnavXrDevice[input][hand];
            let d = [at[0] - from[0], at[1] - from[1], at[2] - from[2]];
            const n = Math.hypot(...d); d = d.map(v => v / n);
            // The rotation taking (0,0,-1) onto d: axis (0,0,-1) x d, half-angle form.
            const q = [d[1], -d[0], 0, 1 - d[2]];
            const m = Math.hypot(...q);
            c.position.set(from[0], from[1], from[2]);
            c.quaternion.set(q[0] / m, q[1] / m, q[2] / m, q[3] / m);
        }", new object[] { input, hand, from, at });
        await FramesAsync(page, 2);
    }

    /// <summary>Points the right controller at a button of the floating VR panel and pulls the trigger; fails when the panel has no such button.</summary>
    public static async Task ClickPanelAsync(IPage page, string button)
    {
        double[] at = await page.EvaluateAsync<double[]?>("id => window.__surgicalnavVr.panelButtonWorld(id)", button)
            ?? throw new AssertionException($"the VR panel shows no '{button}' button");
        // From 0.43 m in front of the panel, which faces the user wherever a snap carried it.
        double[] n = await page.EvaluateAsync<double[]>("() => window.__surgicalnavVr.panelNormalWorld()");
        await AimAsync(page, "right", [at[0] + 0.43 * n[0], at[1] + 0.43 * n[1], at[2] + 0.43 * n[2]], at);
        await PressAsync(page, "right", "trigger");
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavVr.lastPanelClick"), Is.EqualTo(button), "the laser clicked the panel button");
    }
    /// <summary>Places a controller at <paramref name="positionM"/> (headset world m), pointing along −Z, and waits two frames.</summary>
    public static async Task PlaceAsync(IPage page, string hand, double[] positionM)
    {
        await page.EvaluateAsync(@"([hand, p]) => {
            const c = window.__surgicalnavXrDevice.controllers[hand];
            c.position.set(p[0], p[1], p[2]);
            c.quaternion.set(0, 0, 0, 1);
        }", new object[] { hand, positionM });
        await FramesAsync(page, 2);
    }

    /// <summary>Switches the emulated headset from controllers to tracked hands and waits until the page tracks both.</summary>
    public static async Task UseHandsAsync(IPage page)
    {
        await page.EvaluateAsync("() => { window.__surgicalnavXrDevice.primaryInputMode = 'hand'; }");
        await page.WaitForFunctionAsync("() => window.__surgicalnavVr.palmWorld('left') && window.__surgicalnavVr.palmWorld('right')", null, new() { Timeout = 30_000 });
    }

    /// <summary>Sets a tracked hand's pose: "default" (relaxed), "point", "pinch" or "fist", and waits two frames.</summary>
    public static async Task HandPoseAsync(IPage page, string hand, string pose)
    {
        await page.EvaluateAsync("([h, p]) => { window.__surgicalnavXrDevice.hands[h].poseId = p; }", new object[] { hand, pose });
        await FramesAsync(page, 2);
    }

    /// <summary>Pinches a tracked hand (the browser's select) and lets go, two frames each.</summary>
    public static async Task PinchAsync(IPage page, string hand)
    {
        await page.EvaluateAsync("h => window.__surgicalnavXrDevice.hands[h].updatePinchValue(1)", hand);
        await FramesAsync(page, 2);
        await page.EvaluateAsync("h => window.__surgicalnavXrDevice.hands[h].updatePinchValue(0)", hand);
        await FramesAsync(page, 2);
    }

    /// <summary>Moves the headset to <paramref name="eye"/> (room m) looking at <paramref name="at"/> (room m) and waits for it to render there.</summary>
    public static async Task LookAtAsync(IPage page, double[] eye, double[] at)
    {
        await page.EvaluateAsync(@"([from0, at0]) => { " + ToTracking + @"
            const from = track(from0), at = track(at0);
            const d0 = [at[0] - from[0], at[1] - from[1], at[2] - from[2]];
            const n = Math.hypot(...d0); const d = d0.map(v => v / n);
            // Turn about the vertical, then tilt: a level horizon, as a person looks (the shortest-arc turn would roll the head).
            const yaw = Math.atan2(-d[0], -d[2]), pitch = Math.asin(Math.max(-1, Math.min(1, d[1])));
            const sy = Math.sin(yaw / 2), cy = Math.cos(yaw / 2), sx = Math.sin(pitch / 2), cx = Math.cos(pitch / 2);
            const device = window.__surgicalnavXrDevice;
            device.position.set(from[0], from[1], from[2]);
            device.quaternion.set(cy * sx, cx * sy, -sy * sx, cy * cx);
        }", new object[] { eye, at });
        await FramesAsync(page, 3);
    }

    /// <summary>Presses and releases a button ("trigger", "squeeze") of one controller, two frames each.</summary>
    public static async Task PressAsync(IPage page, string hand, string button)
    {
        await page.EvaluateAsync("([h, b]) => window.__surgicalnavXrDevice.controllers[h].updateButtonValue(b, 1)", new object[] { hand, button });
        await FramesAsync(page, 2);
        await page.EvaluateAsync("([h, b]) => window.__surgicalnavXrDevice.controllers[h].updateButtonValue(b, 0)", new object[] { hand, button });
        await FramesAsync(page, 2);
    }

    /// <summary>Opens the served case with the emulated Quest 3, enters VR and checks the client reported no error.</summary>
    public static async Task<IPage> EnterVrAsync(IBrowser browser, Uri serverUrl)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error") console.Add(m.Text); };
        page.PageError += (_, e) => console.Add($"page error: {e}");
        await page.GotoAsync(new Uri(serverUrl, "/?xr=quest3").ToString());
        await WaitAsync(page, "() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)", 30_000);
        await page.Locator("#enter-vr").ClickAsync(new() { Timeout = 10_000 });
        await WaitAsync(page, "() => window.__surgicalnavVr.active || window.__surgicalnav.errors.length > 0", 20_000);
        string[] errors = await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors");
        Assert.That(errors, Is.Empty, "client errors; console:\n" + string.Join("\n", console));
        await FramesAsync(page, 2);
        return page;
    }

    /// <summary>Points the right controller or hand (<paramref name="input"/>) at a VR panel button and clicks it (trigger or pinch).</summary>
    public static async Task ClickPanelAsync(IPage page, string button, string input = "controllers")
    {
        double[] at = await page.EvaluateAsync<double[]?>("id => window.__surgicalnavVr.panelButtonWorld(id)", button)
            ?? throw new AssertionException($"the VR panel shows no '{button}' button");
        await AimAsync(page, "right", [at[0] + 0.25, at[1], at[2] + 0.35], at, input);
        if (input == "hands") await PinchAsync(page, "right");
        else await PressAsync(page, "right", "trigger");
        Assert.That(await page.EvaluateAsync<string?>("() => window.__surgicalnavVr.lastPanelClick"), Is.EqualTo(button), "the laser clicked the panel button");
    }

    /// <summary>Waits for a condition in the page; on timeout fails with the client's VR and AR state, so a failure says where it stood.</summary>
    public static async Task WaitAsync(IPage page, string condition, int timeoutMs)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = timeoutMs });
        }
        catch (TimeoutException)
        {
            string state = await page.EvaluateAsync<string>("() => JSON.stringify({ vr: window.__surgicalnavVr, ar: window.__surgicalnavAr, errors: window.__surgicalnav.errors, frames: window.__surgicalnav.xrFrames })");
            Assert.Fail($"waited {timeoutMs} ms for `{condition}`; client state: {state}");
        }
    }

    /// <summary>Waits until the headset rendered <paramref name="frames"/> more frames.</summary>
    public static async Task FramesAsync(IPage page, int frames)
    {
        int now = await page.EvaluateAsync<int>("() => window.__surgicalnav.xrFrames");
        await page.WaitForFunctionAsync($"() => window.__surgicalnav.xrFrames >= {now + frames}", null, new() { Timeout = 60_000, PollingInterval = 20 });
    }
}
