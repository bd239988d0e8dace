using System.Net;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Simulation;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Simulation;

public class SimulatedTrackerTests
{
    [Test]
    public async Task Serve_250HzWithNoise_ClientSeesAllToolsNearTruePath()
    {
        var options = new SimulatedTrackerOptions { NoiseMm = 0.25, Seed = 3 };
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, options);
        var store = new TrackedToolStore();
        double sumSq = 0;
        int n = 0;
        store.SampleStored = s =>
        {
            if (s.ToolName != "Stylus") return;
            RigidPose truth = sim.Paths.At("Stylus", (s.SenderTimestampNs - sim.StartNs) / 1e9);
            double dx = s.Pose.XMm - truth.XMm, dy = s.Pose.YMm - truth.YMm, dz = s.Pose.ZMm - truth.ZMm;
            sumSq += dx * dx + dy * dy + dz * dz;
            n++;
        };
        await using var client = new IgtlClient("127.0.0.1", sim.Port, null, store.Handle);
        Assert.That(await client.WaitConnectedAsync(TimeSpan.FromSeconds(3)), Is.True);
        await Task.Delay(1000);
        long now = TrackingClock.NowNs();
        foreach (string tool in options.Tools) Assert.That(store.IsValid(tool, now), Is.True, tool);
        Assert.That(n, Is.InRange(100, 260), "about 250 stylus samples in one second (fewer when the machine is loaded)");
        double rms = Math.Sqrt(sumSq / n);
        Assert.That(rms, Is.EqualTo(0.25).Within(0.05), "RMS distance from the true path, mm (float32 adds < 0.001 mm)");
    }

    [Test]
    public async Task PlaceThenHide_PointerHeldStillThenGoesStale()
    {
        var options = new SimulatedTrackerOptions { Tools = ["Stylus", "Needle"], NoiseMm = 0 };
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, options);
        var store = new TrackedToolStore();
        await using var client = new IgtlClient("127.0.0.1", sim.Port, null, store.Handle);
        Assert.That(await client.WaitConnectedAsync(TimeSpan.FromSeconds(3)), Is.True);
        sim.Place("Stylus", RigidPose.FromQuaternion(12.5f, -40f, -1480f, 0, 0, 0, 1));
        await Task.Delay(300);

        RigidPose held = store.Get("Stylus")!.Latest.Pose;
        Assert.That(new[] { held.XMm, held.YMm, held.ZMm }, Is.EqualTo(new[] { 12.5f, -40f, -1480f }), "held where placed, mm");
        sim.Hide("Stylus");
        await Task.Delay(400);
        long now = TrackingClock.NowNs();
        Assert.That(store.IsValid("Stylus", now), Is.False, "a hidden tool goes stale after 200 ms");
        Assert.That(store.IsValid("Needle", now), Is.True, "the other tools keep streaming");
        Assert.That(() => sim.Place("Pointer", RigidPose.Identity), Throws.ArgumentException.With.Message.Contains("Tools"));
    }

    [Test]
    public async Task Dropouts_ToolMarkedMissing_ThenValidAgain()
    {
        var options = new SimulatedTrackerOptions { Tools = ["Needle"], DropoutsPerSecond = 4, DropoutMs = 100, Seed = 5 };
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, options);
        var store = new TrackedToolStore();
        int missing = 0, recovered = 0;
        bool wasMissing = false;
        store.SampleStored = s =>
        {
            if (s.Missing && !wasMissing) missing++;
            if (!s.Missing && wasMissing) recovered++;
            wasMissing = s.Missing;
        };
        await using var client = new IgtlClient("127.0.0.1", sim.Port, null, store.Handle);
        await client.WaitConnectedAsync(TimeSpan.FromSeconds(3));
        await Task.Delay(1500);
        Assert.That(missing, Is.GreaterThanOrEqualTo(1), "at 4 dropouts/s at least one in 1.5 s");
        Assert.That(recovered, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task LatencyAndJitter_SenderTimestampsLagArrival()
    {
        var options = new SimulatedTrackerOptions { Tools = ["Stylus"], LatencyMs = 20, JitterMs = 5 };
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, options);
        var store = new TrackedToolStore();
        var lags = new List<double>();
        store.SampleStored = s => { lock (lags) lags.Add((s.ReceiverTimestampNs - s.SenderTimestampNs) / 1e6); };
        await using var client = new IgtlClient("127.0.0.1", sim.Port, null, store.Handle);
        await client.WaitConnectedAsync(TimeSpan.FromSeconds(3));
        await Task.Delay(500);
        lock (lags)
        {
            Assert.That(lags.Count, Is.GreaterThan(50));
            Assert.That(lags.Min(), Is.GreaterThanOrEqualTo(19.9), "ms: never earlier than the latency");
            Assert.That(lags.Average(), Is.InRange(21.0, 45), "ms: latency plus mean jitter 2.5 ms, plus scheduling on a loaded 2-core machine");
        }
    }
}
