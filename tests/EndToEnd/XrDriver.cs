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

    /// <summary>Places an emulated controller at <paramref name="from"/> (room m) with its −Z ray through <paramref name="at"/>, and waits two frames.</summary>
    public static async Task AimAsync(IPage page, string hand, double[] from, double[] at)
    {
        await page.EvaluateAsync(@"([hand, from0, at0]) => { " + ToTracking + @"
            const from = track(from0), at = track(at0);
            const c = window.__surgicalnavXrDevice.controllers[hand];
            let d = [at[0] - from[0], at[1] - from[1], at[2] - from[2]];
            const n = Math.hypot(...d); d = d.map(v => v / n);
            // The rotation taking (0,0,-1) onto d: axis (0,0,-1) x d, half-angle form.
            const q = [d[1], -d[0], 0, 1 - d[2]];
            const m = Math.hypot(...q);
            c.position.set(from[0], from[1], from[2]);
            c.quaternion.set(q[0] / m, q[1] / m, q[2] / m, q[3] / m);
        }", new object[] { hand, from, at });
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

    /// <summary>Waits until the headset rendered <paramref name="frames"/> more frames.</summary>
    public static async Task FramesAsync(IPage page, int frames)
    {
        int now = await page.EvaluateAsync<int>("() => window.__surgicalnav.xrFrames");
        await page.WaitForFunctionAsync($"() => window.__surgicalnav.xrFrames >= {now + frames}", null, new() { Timeout = 60_000, PollingInterval = 20 });
    }
}
