using System.Globalization;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SurgicalNav.App.Server.Ar;
using SurgicalNav.App.Tests.Server.Ar;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// Drives the AR registration in iwer's emulated Quest 3: enters AR, puts a controller's grip (not its ray) at a pose in
/// headset world mm, pivots it for the tip calibration, reads the fiducials, and reads numbers off the shown text.
/// </summary>
internal static class ArDriver
{
    /// <summary>The tip of the emulated right controller in its grip frame, mm, as the tests calibrate it (a pen-like tip ahead of the grip).</summary>
    public static readonly Vec3 TipInGripMm = new(2, -30, -68);

    /// <summary>Opens the page with the emulated headset and enters AR; waits until the registration shows one of its steps.</summary>
    public static async Task<IPage> EnterArAsync(IBrowser chromium, Uri server)
    {
        var page = await chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(server, "/?xr=quest3").ToString());
        await WaitAsync(page, "() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)", 30_000);
        await page.Locator("#enter-ar").ClickAsync(new() { Timeout = 10_000 });
        await WaitAsync(page, "() => ['calibrating', 'pointer', 'touching', 'registered', 'refused'].includes(window.__surgicalnavAr.state) || window.__surgicalnav.errors.length > 0", 20_000);
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        await XrDriver.FramesAsync(page, 2);
        return page;
    }

    /// <summary>Waits for a page condition; on timeout fails with the registration's state.</summary>
    public static async Task WaitAsync(IPage page, string condition, int timeoutMs)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = timeoutMs });
        }
        catch (TimeoutException)
        {
            string state = await page.EvaluateAsync<string>("() => JSON.stringify({ ar: window.__surgicalnavAr, errors: window.__surgicalnav.errors, frames: window.__surgicalnav.xrFrames })");
            Assert.Fail($"waited {timeoutMs} ms for `{condition}`; client state: {state}");
        }
    }

    /// <summary>Waits for a page condition; false on timeout (for steps a user would simply repeat).</summary>
    public static async Task<bool> TryWaitAsync(IPage page, string condition, int timeoutMs)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = timeoutMs });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The registration's state in the page.</summary>
    public static Task<string> StateAsync(IPage page) => page.EvaluateAsync<string>("() => window.__surgicalnavAr.state");

    /// <summary>The grip pose relative to the target ray of a hand (mm), which iwer fixes per controller model.</summary>
    public static async Task<RigidTransform> GripInRayAsync(IPage page, string hand)
    {
        double[] m = await page.EvaluateAsync<double[]>("h => window.__surgicalnavAr.gripInRay(h)", hand);
        Assert.That(m, Is.Not.Null.And.Length.EqualTo(16), "the emulated controller reports a grip pose");
        for (int i = 3; i < 12; i += 4) m[i] *= 1000;
        RigidTransform t = RigidTransform.FromRowMajor(m);
        return new RigidTransform(t.Rotation, t.Translation);
    }

    /// <summary>Moves a controller so its grip is at <paramref name="gripToWorldMm"/> (headset world mm) and waits two frames.</summary>
    public static async Task PlaceGripAsync(IPage page, string hand, RigidTransform gripToWorldMm, RigidTransform gripInRay)
    {
        RigidTransform ray = gripToWorldMm * gripInRay.Inverse();
        (float x, float y, float z, float w) = TrackerFrameFeed.ToPose(ray).ToQuaternion();
        Vec3 p = ray.Translation / 1000;
        await page.EvaluateAsync(@"([hand, p, q]) => {
            const c = window.__surgicalnavXrDevice.controllers[hand];
            c.position.set(p[0], p[1], p[2]);
            c.quaternion.set(q[0], q[1], q[2], q[3]);
        }", new object[] { hand, p.ToArray(), new double[] { x, y, z, w } });
        await XrDriver.FramesAsync(page, 2);
    }

    /// <summary>A grip pose that puts the tip (<see cref="TipInGripMm"/>) on a headset world point, turned a little per touch.</summary>
    public static RigidTransform TouchPose(Vec3 tipWorldMm, int touch)
    {
        Matrix3 r = RotationMath.AxisAngle(new Vec3(0.2, 1, 0.1).Normalized(), 0.3 * touch - 0.5);
        return new RigidTransform(r, tipWorldMm - r * TipInGripMm);
    }

    /// <summary>
    /// The tip calibration as a user does it: the grip at the first pose, trigger held while the controller turns through
    /// the others, then released; returns when the page has left the calibration step.
    /// </summary>
    public static async Task PivotAsync(IPage page, string hand, IReadOnlyList<RigidTransform> gripPoses)
    {
        RigidTransform gripInRay = await GripInRayAsync(page, hand);
        await PlaceGripAsync(page, hand, gripPoses[0], gripInRay);
        await page.EvaluateAsync("h => window.__surgicalnavXrDevice.controllers[h].updateButtonValue('trigger', 1)", hand);
        await WaitAsync(page, "() => window.__surgicalnavAr.state === 'sampling'", 10_000);
        foreach (RigidTransform pose in gripPoses.Skip(1)) await PlaceGripAsync(page, hand, pose, gripInRay);
        await page.EvaluateAsync("h => window.__surgicalnavXrDevice.controllers[h].updateButtonValue('trigger', 0)", hand);
        await WaitAsync(page, "() => !['sampling', 'solving'].includes(window.__surgicalnavAr.state)", 20_000);
    }

    /// <summary>The right controller's tip calibrated through the API from noise-free pivot poses (for tests about later steps).</summary>
    public static async Task CalibrateByApiAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        RigidTransform[] poses = PivotPoses.Cone(TipInGripMm, new Vec3(0, 900, -400), 30);
        using var response = await http.PostAsJsonAsync("/api/case/ar/tip-calibration", new { hand = "right", gripToXrWorld = poses.Select(p => p.ToRowMajor()).ToArray() });
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The case's AR state as the server gives it.</summary>
    public static async Task<ArState> StateFromServerAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        return JsonSerializer.Deserialize<ArState>(await http.GetStringAsync("/api/case/ar/state"), Imaging.Json.NavJson.Options)!;
    }

    /// <summary>The number right after <paramref name="label"/> in a shown line, e.g. "FRE 0.3 mm" → 0.3.</summary>
    public static double Number(string text, string label)
    {
        int at = text.IndexOf(label, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"'{label}' in '{text}'");
        var number = Regex.Match(text[(at + label.Length)..], @"^-?\d+(\.\d+)?");
        Assert.That(number.Success, Is.True, $"a number after '{label}' in '{text}'");
        return double.Parse(number.Value, CultureInfo.InvariantCulture);
    }
}
