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
