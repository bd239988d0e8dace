using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>Drives iwer's emulated Meta Quest 3 from a test: controller and headset poses, buttons, frame waits.</summary>
internal static class XrDriver
{
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

    /// <summary>Moves the headset to <paramref name="eye"/> (m) looking at <paramref name="at"/> (m) and waits for it to render there.</summary>
    public static async Task LookAtAsync(IPage page, double[] eye, double[] at)
    {
        await page.EvaluateAsync(@"([from, at]) => {
            const d0 = [at[0] - from[0], at[1] - from[1], at[2] - from[2]];
            const n = Math.hypot(...d0); const d = d0.map(v => v / n);
            const q = [d[1], -d[0], 0, 1 - d[2]]; const m = Math.hypot(...q);
            const device = window.__surgicalnavXrDevice;
            device.position.set(from[0], from[1], from[2]);
            device.quaternion.set(q[0] / m, q[1] / m, q[2] / m, q[3] / m);
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
