using System.Net;
using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.App.Server.Ar;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.App.Tests.Server.Ar;

/// <summary>
/// The headset registration over HTTP: the controller tip is calibrated from pivot poses, then the calibrated tip
/// touches the fiducials where a known Tracker → XrWorld puts them, with and without a tracker registration.
/// </summary>
[NonParallelizable]
public sealed class HeadsetRegistrationTests
{
    private static readonly Vec3 TipInGrip = new(3, -25, -70);

    /// <summary>Tracker → headset world: the camera 1.5 m in front of the patient, looking back at it.</summary>
    private static readonly RigidTransform TrackerToXrWorld = RigidTransform.FromAxisAngle(new Vec3(0, 1, 0), 2.6, new Vec3(200, 1100, -300));

    private static async Task CalibrateAsync(TrackedArCase c, string hand = "right")
    {
        RigidTransform[] poses = PivotPoses.Cone(TipInGrip, new Vec3(0, 900, -400), 30, noiseMm: 0.2);
        var (status, body) = await c.PostAsync("/api/case/ar/tip-calibration", new { hand, gripToXrWorld = poses.Select(p => p.ToRowMajor()).ToArray() });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
    }

    /// <summary>
    /// Grip poses that put the true tip on each point (headset world mm), with ±noise mm (0.1 by default: the synthetic
    /// case's fiducials span only 48 × 36 mm, so more would tilt the fit by more than the 0.5° the tests allow).
    /// </summary>
    private static object Touches(IEnumerable<Vec3> tipsXrMm, double noiseMm = 0.1)
    {
        var random = new Random(11);
        return new
        {
            touches = tipsXrMm.Select((w, i) =>
            {
                Matrix3 r = RotationMath.AxisAngle(new Vec3(0.3, 1, 0.2).Normalized(), 0.4 * i);
                Vec3 noise = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5) * (2 * noiseMm);
                return new { hand = "right", gripToXrWorld = new RigidTransform(r, w - r * TipInGrip + noise).ToRowMajor() };
            }).ToArray(),
        };
    }

    [Test]
    public async Task TrackerRegistered_ControllerTouches_XrWorldToTrackerStoredAndOverlayErrorCombined()
    {
        await using var c = await TrackedArCase.StartAsync();
        await CalibrateAsync(c);
        var (status, pointer) = await c.RegisterPointerAsync();
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), pointer.ToString());

        (status, JsonElement body) = await c.PostAsync("/api/case/ar/register",
            Touches(Enumerable.Range(0, c.Fiducials.Length).Select(i => TrackerToXrWorld.Apply(c.FiducialInTracker(i)))));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("fixed").GetString(), Is.EqualTo("Tracker"));
        FrameGraph stored = CaseFrames.Load(c.CaseDirectory);
        Assert.That(stored.Edges.Any(e => e.From == FrameNames.XrWorld && e.To == FrameNames.Image), Is.False, "no direct XrWorld → Image edge");
        RigidTransform residual = stored.Resolve(FrameNames.Tracker, FrameNames.XrWorld).Transform * TrackerToXrWorld.Inverse();
        Vec3 targetInXr = TrackerToXrWorld.Apply(TrackedArCase.TrackerToImage.Inverse().Apply(SyntheticCase.Target));
        TestContext.Out.WriteLine($"Tracker→XrWorld recovered to {residual.RotationAngleDeg:0.000}° and {Vec3.Distance(residual.Apply(targetInXr), targetInXr):0.000} mm at the target");
        Assert.That(residual.RotationAngleDeg, Is.LessThan(0.5));
        Assert.That(Vec3.Distance(residual.Apply(targetInXr), targetInXr), Is.LessThan(0.5), "mm at the target");

        // Image → XrWorld is what the graph composes through the tracker, and the result says so.
        RigidTransform composed = stored.Resolve(FrameNames.Image, FrameNames.XrWorld).Transform;
        double[] returned = [.. body.GetProperty("imageToXrWorld").EnumerateArray().Select(v => v.GetDouble())];
        Assert.That(returned, Is.EqualTo(composed.ToRowMajor()).Within(1e-9));
        Assert.That(stored.Resolve(FrameNames.Image, FrameNames.XrWorld).Path, Is.EqualTo(new[] { "Image", "Tracker", "XrWorld" }));

        // One overlay error: root-sum-square of the two predicted TREs at the target, also in the guidance status.
        double trackerTre = pointer.GetProperty("predictedTreMm").GetDouble(), arTre = body.GetProperty("predictedTreMm").GetDouble();
        JsonElement overlay = body.GetProperty("overlay");
        Assert.That(overlay.GetProperty("combinedTreMm").GetDouble(), Is.EqualTo(Math.Sqrt(trackerTre * trackerTre + arTre * arTre)).Within(1e-12));
        RegistrationStatus status2 = JsonSerializer.Deserialize<GuidanceMessage>(c.Server.Guidance.LastMessage.Span, Imaging.Json.NavJson.Options)!.Registration;
        Assert.That(status2.Overlay!.CombinedTreMm, Is.EqualTo(overlay.GetProperty("combinedTreMm").GetDouble()).Within(1e-12));
        Assert.That(status2.Overlay.ArTreMm, Is.EqualTo(arTre).Within(1e-12));
        Assert.That(c.Server.Ar.State().Overlay.CombinedTreMm, Is.EqualTo(status2.Overlay.CombinedTreMm).Within(1e-12));
    }

    [Test]
    public async Task NoTrackerRegistration_XrWorldToImage_ThenTheTrackerStepReplacesIt()
    {
        await using var c = await TrackedArCase.StartAsync();
        await CalibrateAsync(c);
        RigidTransform imageToXr = TrackerToXrWorld * TrackedArCase.TrackerToImage.Inverse();

        var (status, body) = await c.PostAsync("/api/case/ar/register", Touches(c.Fiducials.Select(f => imageToXr.Apply(f.ImageMm))));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("fixed").GetString(), Is.EqualTo("Image"));
        Assert.That(CaseFrames.Load(c.CaseDirectory).Edges.Count(e => e.From == FrameNames.XrWorld), Is.EqualTo(1));

        Assert.That((await c.RegisterPointerAsync()).Status, Is.EqualTo(HttpStatusCode.OK));
        (status, body) = await c.PostAsync("/api/case/ar/register",
            Touches(Enumerable.Range(0, c.Fiducials.Length).Select(i => TrackerToXrWorld.Apply(c.FiducialInTracker(i)))));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        FrameEdge[] xr = [.. CaseFrames.Load(c.CaseDirectory).Edges.Where(e => e.From == FrameNames.XrWorld || e.To == FrameNames.XrWorld)];
        Assert.That(xr.Select(e => $"{e.From}→{e.To}"), Is.EqualTo(new[] { "XrWorld→Tracker" }), "the direct edge was replaced, no loop");
    }

    [Test]
    public async Task BadTouches_RefusedWithTheReason()
    {
        await using var c = await TrackedArCase.StartAsync(withTracker: false);
        var (status, body) = await c.PostAsync("/api/case/ar/register", Touches(c.Fiducials.Select(f => f.ImageMm)));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict), "no tip calibration yet");
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("not calibrated"));

        await CalibrateAsync(c);
        (string Body, HttpStatusCode Status, string Says)[] cases =
        [
            (JsonSerializer.Serialize(Touches(c.Fiducials.Take(2).Select(f => f.ImageMm))), HttpStatusCode.BadRequest, "needs 3 to"),
            ("{\"touches\":[{\"hand\":\"right\",\"gripToXrWorld\":[1,2]}]}", HttpStatusCode.BadRequest, "not 16 numbers"),
            ("{\"touches\":[{\"hand\":\"up\",\"gripToXrWorld\":[1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1]}]}", HttpStatusCode.BadRequest, "\"right\" or \"left\""),
            ("{\"touches\":[{\"hand\":\"right\",\"gripToXrWorld\":[1,0,0,1e9,0,1,0,0,0,0,1,0,0,0,0,1]}]}", HttpStatusCode.BadRequest, "in mm, not m"),
            ("{\"touches\":[{\"hand\":\"right\",\"gripToXrWorld\":[2,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1]}]}", HttpStatusCode.BadRequest, "not a rotation"),
            ("{\"points\":[]}", HttpStatusCode.BadRequest, "no \"touches\""),
            ("not json", HttpStatusCode.BadRequest, "not JSON"),
            (JsonSerializer.Serialize(Touches(c.Fiducials.Select((f, i) => new Vec3(0, 30 * i, 0)))), HttpStatusCode.UnprocessableEntity, "collinear"),
            (JsonSerializer.Serialize(Touches(c.Fiducials.Select(f => f.ImageMm / 1000))), HttpStatusCode.UnprocessableEntity, "same units"),
            (JsonSerializer.Serialize(Touches(c.Fiducials.Select((f, i) => f.ImageMm + (i == 1 ? new Vec3(20, 0, 0) : Vec3.Zero)))), HttpStatusCode.UnprocessableEntity, "above the 5.0 mm limit"),
        ];
        foreach ((string text, HttpStatusCode expected, string says) in cases)
        {
            using var response = await c.Http.PostAsync("/api/case/ar/register", new StringContent(text, System.Text.Encoding.UTF8, "application/json"));
            string answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
            Assert.That(response.StatusCode, Is.EqualTo(expected), $"{text}: {answer}");
            Assert.That(answer, Does.Contain(says), text);
        }
        Assert.That(c.Server.Ar.State().Latest, Is.Null, "nothing was stored");
    }
}
