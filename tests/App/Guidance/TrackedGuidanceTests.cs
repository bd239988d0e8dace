using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Simulation;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Tests.Guidance;

/// <summary>
/// Live tracking into guidance over loopback: the simulated tracker serves OpenIGTLink, our client stores samples,
/// the frame graph composes Needle → Tracker → Image, and the hub's figures are checked against the tracker's
/// noise-free path composed by hand.
/// </summary>
public sealed class TrackedGuidanceTests
{
    /// <summary>Tracker → Image: a quarter turn about z and a shift that brings the simulated needle near the target.</summary>
    private static readonly RigidTransform TrackerToImage = RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), Math.PI / 2, new Vec3(10, -20, 1500));

    private static readonly Trajectory Path = new("planned", "tumor 1", new Vec3(0, -80, 60), new Vec3(20, 40, 80), 0, new Dictionary<string, double>(), true);

    /// <summary>The calibrated tip: 12 mm along the needle marker's z axis, 3 mm along x.</summary>
    private static readonly Vec3 TipInNeedle = new(3, 0, 12);

    private static FrameGraph Registered(bool withTip = false)
    {
        var graph = new FrameGraph();
        graph.Set(FrameNames.Tracker, FrameNames.Image, TrackerToImage, 0, isStatic: true);
        if (withTip) graph.Set(FrameNames.NeedleTip, FrameNames.Needle, new RigidTransform(Matrix3.Identity, TipInNeedle), 0, isStatic: true);
        return graph;
    }

    private static GuidanceHub Hub(double? treMm = 1.25) =>
        new(() => Path, () => new RegistrationStatus(treMm is not null, treMm, "test"), TimeSpan.FromMilliseconds(50));

    private static async Task<JsonElement> WaitForAsync(GuidanceHub hub, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            JsonElement m = JsonDocument.Parse(hub.LastMessage).RootElement;
            if (condition(m)) return m;
            await Task.Delay(2);
        }
        Assert.Fail($"no guidance message met the condition within {timeout.TotalMilliseconds} ms; last: {System.Text.Encoding.UTF8.GetString(hub.LastMessage.Span)}");
        return default;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task TrackerSim_NeedleThroughFrameGraph_TipToTargetMatchesDirectComputationWithinTenthMm(bool calibratedTip)
    {
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, new SimulatedTrackerOptions { NoiseMm = 0, RateHz = 250 });
        await using var hub = Hub();
        await using var source = new TrackedNeedleSource(Registered(calibratedTip), "127.0.0.1", sim.Port);
        hub.Attach(source);

        int checkedSamples = 0;
        var clock = Stopwatch.StartNew();
        while (checkedSamples < 20 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            JsonElement m = await WaitForAsync(hub, e => e.GetProperty("valid").GetBoolean(), TimeSpan.FromSeconds(5));
            long stampNs = m.GetProperty("sampleTimestampNs").GetInt64();
            // Direct: the tracker's true needle pose at that stamp, composed with the registration by hand.
            RigidPose truth = sim.Paths.At("Needle", (stampNs - sim.StartNs) / 1e9);
            Vec3 o = calibratedTip ? TipInNeedle : Vec3.Zero;
            Vec3 inTracker = new(
                truth.R(0, 0) * o.X + truth.R(0, 1) * o.Y + truth.R(0, 2) * o.Z + truth.XMm,
                truth.R(1, 0) * o.X + truth.R(1, 1) * o.Y + truth.R(1, 2) * o.Z + truth.YMm,
                truth.R(2, 0) * o.X + truth.R(2, 1) * o.Y + truth.R(2, 2) * o.Z + truth.ZMm);
            Vec3 tip = TrackerToImage.Rotation * inTracker + TrackerToImage.Translation;
            double expected = Vec3.Distance(tip, Path.TargetMm);
            double[] tipMm = m.GetProperty("tipMm").EnumerateArray().Select(v => v.GetDouble()).ToArray();

            Assert.That(m.GetProperty("tipToTargetMm").GetDouble(), Is.EqualTo(expected).Within(0.1), "tip to target, mm");
            Assert.That(Vec3.Distance(new Vec3(tipMm[0], tipMm[1], tipMm[2]), tip), Is.LessThan(0.01), "tip in image, mm (float on the wire)");
            Assert.That(m.GetProperty("registration").GetProperty("predictedTreMm").GetDouble(), Is.EqualTo(1.25), "the registration's TRE reaches the guidance state");
            checkedSamples++;
            await Task.Delay(15);
        }
        Assert.That(checkedSamples, Is.EqualTo(20));
        Assert.That(source.Feed.Updates, Is.GreaterThan(20));
    }

    [Test]
    public async Task TrackerSim_Stopped_GuidanceInvalidWithin250Ms()
    {
        var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, new SimulatedTrackerOptions { NoiseMm = 0, RateHz = 250 });
        await using var hub = Hub();
        await using var source = new TrackedNeedleSource(Registered(), "127.0.0.1", sim.Port);
        hub.Attach(source);
        await WaitForAsync(hub, e => e.GetProperty("valid").GetBoolean(), TimeSpan.FromSeconds(5));

        var clock = Stopwatch.StartNew();
        await sim.DisposeAsync();
        JsonElement m = await WaitForAsync(hub, e => !e.GetProperty("valid").GetBoolean(), TimeSpan.FromSeconds(2));
        double ms = clock.Elapsed.TotalMilliseconds;

        Assert.That(ms, Is.LessThan(250), $"guidance went invalid {ms:0} ms after the tracker stopped ({m.GetProperty("reason").GetString()})");
        TestContext.Out.WriteLine($"guidance invalid {ms:0.0} ms after the tracker stopped");
        await Task.Delay(220);
        NeedlePose stale = source.Current();
        Assert.That(stale.Visible, Is.False, "the frame graph itself calls the needle stale once 200 ms pass");
        Assert.That(stale.InvalidReason, Does.Contain("ms old"));
    }

    [Test]
    public async Task TrackerSim_NoRegistration_InvalidSayingNotRegistered()
    {
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, new SimulatedTrackerOptions { NoiseMm = 0 });
        await using var hub = Hub(treMm: null);
        await using var source = new TrackedNeedleSource(new FrameGraph(), "127.0.0.1", sim.Port);
        hub.Attach(source);

        JsonElement m = await WaitForAsync(hub, e => e.GetProperty("reason").GetString()?.Contains("not registered") == true, TimeSpan.FromSeconds(5));

        Assert.That(m.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(source.Feed.Graph.Frames, Does.Contain("Needle").And.Contain("Reference"), "tool edges are in the graph even before registration");
    }

    [Test]
    public async Task CaseServer_CaseRegistered_GuidanceStateCarriesPredictedTre()
    {
        string caseDir = SurgicalNav.App.Tests.Server.SyntheticCase.Create();
        try
        {
            CaseFrames.SaveEdge(caseDir, new FrameEdge("Tracker", "Image", TrackerToImage, 1, Valid: true, Static: true),
                new CaseRegistration("Tracker", "Image", 0.31, 0.74, [0, 0, 30], 0.25, 5, DateTime.UtcNow));
            await using var server = await SurgicalNav.App.Server.CaseServer.StartAsync(new SurgicalNav.App.Server.CaseServerOptions(caseDir, Port: 0), CancellationToken.None);

            JsonElement registration = JsonDocument.Parse(server.Guidance.LastMessage).RootElement.GetProperty("registration");

            Assert.That(registration.GetProperty("registered").GetBoolean(), Is.True);
            Assert.That(registration.GetProperty("predictedTreMm").GetDouble(), Is.EqualTo(0.74));
            Assert.That(CaseFrames.Load(caseDir).Resolve("Tracker", "Image").Transform.ToRowMajor(), Is.EqualTo(TrackerToImage.ToRowMajor()), "case.json round trip");
        }
        finally
        {
            Directory.Delete(caseDir, recursive: true);
        }
    }

    [Test]
    public void CaseRegistrationStatus_StoredRegistration_LabelWithFreAndTre()
    {
        RegistrationStatus s = CaseRegistrationStatus.From(new CaseRegistration("Tracker", "Image", 0.42, 0.87, [1, 2, 3], 0.25, 6, DateTime.UtcNow));

        Assert.That(s.Registered, Is.True);
        Assert.That(s.PredictedTreMm, Is.EqualTo(0.87));
        Assert.That(s.Label, Does.Contain("FRE 0.42 mm").And.Contain("TRE 0.87 mm"));
    }

    [Test]
    public void ParseAddress_NoPort_ErrorWithExample() =>
        Assert.That(() => TrackedNeedleSource.ParseAddress("localhost"), Throws.ArgumentException.With.Message.Contains("host:port"));
}
