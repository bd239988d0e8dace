using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Simulation;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Net;

/// <summary>GET_/STT_/STP_/RTS_ against the simulated tracker over loopback, with our client on the other end.</summary>
public class QueryResponderTests
{
    private sealed record Received(IgtlPrefix Prefix, IgtlDataType Type, string Device, long StampNs, byte[] Content, long ArrivedNs);

    private static SimulatedTracker QueryOnlyTracker() =>
        SimulatedTracker.Start(IPAddress.Loopback, 0, new SimulatedTrackerOptions { NoiseMm = 0, SendTransforms = false, RateHz = 250 });

    private static async Task<(IgtlClient Client, ConcurrentQueue<Received> Inbox)> ConnectAsync(SimulatedTracker sim)
    {
        var inbox = new ConcurrentQueue<Received>();
        var client = new IgtlClient("127.0.0.1", sim.Port, null,
            (_, m) => inbox.Enqueue(new Received(m.Prefix, m.DataType, m.DeviceName, m.SenderTimestampNs, m.Content.ToArray(), m.ReceiverTimestampNs)));
        Assert.That(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)), Is.True);
        return (client, inbox);
    }

    private static async Task<Received> WaitForAsync(ConcurrentQueue<Received> inbox, Func<Received, bool> match, int timeoutMs = 3000)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < timeoutMs)
        {
            Received? hit = inbox.FirstOrDefault(match);
            if (hit is not null) return hit;
            await Task.Delay(5);
        }
        Assert.Fail($"no matching reply within {timeoutMs} ms; got [{string.Join(", ", inbox.Select(r => $"{r.Prefix} {r.Type} {r.Device}"))}]");
        return null!;
    }

    private static byte[] Query(IgtlPrefix prefix, IgtlDataType type, string device, int resolutionMs = -1)
    {
        var b = new IgtlMessageBuilder();
        b.Begin(prefix, type, device, TrackingClock.NowNs());
        if (resolutionMs >= 0)
        {
            IgtlBody.WriteStartTracking(b.Content(IgtlBody.StartTrackingSize), resolutionMs, "Tracker");
            b.Advance(IgtlBody.StartTrackingSize);
        }
        return b.Finish().ToArray();
    }

    [Test]
    public async Task GetTransform_NamedTool_OneTransformOnTheTruePath()
    {
        await using var sim = QueryOnlyTracker();
        var (client, inbox) = await ConnectAsync(sim);
        await using IgtlClient owned = client;
        await Task.Delay(50);

        client.Send(Query(IgtlPrefix.Get, IgtlDataType.Transform, "Needle"));
        Received r = await WaitForAsync(inbox, m => m.Type == IgtlDataType.Transform);

        Assert.That(r.Device, Is.EqualTo("Needle"));
        var pose = new RigidPose();
        IgtlBody.ReadMatrix(r.Content, ref pose);
        RigidPose truth = sim.Paths.At("Needle", (r.StampNs - sim.StartNs) / 1e9);
        Assert.That(Math.Abs(pose.XMm - truth.XMm) + Math.Abs(pose.YMm - truth.YMm) + Math.Abs(pose.ZMm - truth.ZMm), Is.LessThan(1e-3), "mm");
        await Task.Delay(100);
        Assert.That(inbox.Count(m => m.Type == IgtlDataType.Transform), Is.EqualTo(1), "one answer, no stream");
    }

    [Test]
    public async Task GetStatusAndUnknownTool_StatusOkThenNotFound()
    {
        await using var sim = QueryOnlyTracker();
        var (client, inbox) = await ConnectAsync(sim);
        await using IgtlClient owned = client;
        await Task.Delay(50);

        client.Send(Query(IgtlPrefix.Get, IgtlDataType.Status, ""));
        Received ok = await WaitForAsync(inbox, m => m.Type == IgtlDataType.Status);
        client.Send(Query(IgtlPrefix.Get, IgtlDataType.Transform, "Scalpel"));
        Received missing = await WaitForAsync(inbox, m => m.Type == IgtlDataType.Status && m.Device == "Scalpel");
        client.Send(Query(IgtlPrefix.Get, IgtlDataType.Image, "CT"));
        Received unknown = await WaitForAsync(inbox, m => m.Type == IgtlDataType.Status && IgtlBody.ReadStatus(m.Content, out _, out _, out _) == 12);

        Assert.That(IgtlBody.ReadStatus(ok.Content, out _, out _, out ReadOnlySpan<byte> text), Is.EqualTo(1));
        Assert.That(Encoding.UTF8.GetString(text), Does.Contain("Needle"));
        Assert.That(IgtlBody.ReadStatus(missing.Content, out _, out _, out ReadOnlySpan<byte> why), Is.EqualTo(4));
        Assert.That(Encoding.UTF8.GetString(why), Does.Contain("known tools: Reference, Stylus, Needle"));
        IgtlBody.ReadStatus(unknown.Content, out _, out _, out ReadOnlySpan<byte> unknownText);
        Assert.That(Encoding.UTF8.GetString(unknownText), Does.Contain("GET_IMAGE"));
        Assert.That(client.IsConnected, Is.True, "a query it cannot serve does not end the connection");
    }

    [Test]
    public async Task StartThenStopTData_RtsAcksStreamAtResolutionThenSilence()
    {
        await using var sim = QueryOnlyTracker();
        var (client, inbox) = await ConnectAsync(sim);
        await using IgtlClient owned = client;

        client.Send(Query(IgtlPrefix.Start, IgtlDataType.TData, "", resolutionMs: 20));
        Received started = await WaitForAsync(inbox, m => m.Prefix == IgtlPrefix.ReadyToSend);
        await Task.Delay(600);
        client.Send(Query(IgtlPrefix.Stop, IgtlDataType.TData, ""));
        Received stopped = await WaitForAsync(inbox, m => m.Prefix == IgtlPrefix.ReadyToSend && m != started);
        await Task.Delay(60);
        int afterStop = inbox.Count(m => m.Type == IgtlDataType.TData && m.Prefix == IgtlPrefix.None);
        await Task.Delay(200);

        Received[] data = inbox.Where(m => m.Type == IgtlDataType.TData && m.Prefix == IgtlPrefix.None).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(started.Type, Is.EqualTo(IgtlDataType.TData));
            Assert.That(started.Content, Is.EqualTo(new byte[] { 0 }), "RTS_TDATA status 0 = success (libOpenIGTLink)");
            Assert.That(stopped.Content, Is.EqualTo(new byte[] { 0 }));
            Assert.That(data.Length, Is.EqualTo(afterStop), "nothing streams after STP_TDATA");
            Assert.That(sim.ActiveStreams, Is.Zero);
            // 600 ms at 20 ms is 30 messages; a loaded 2-core machine drops ticks but never adds them.
            Assert.That(data.Length, Is.InRange(10, 34));
            Assert.That(data.All(d => d.Content.Length == 3 * IgtlBody.TDataElementSize), Is.True, "three tools per TDATA");
        });
        double[] gapsMs = data.Zip(data.Skip(1), (a, b) => (b.ArrivedNs - a.ArrivedNs) / 1e6).Order().ToArray();
        Assert.That(gapsMs[gapsMs.Length / 2], Is.EqualTo(20).Within(6), "median interval, ms");
    }

    [Test]
    public async Task StreamedTData_StoredAsToolPoses()
    {
        await using var sim = QueryOnlyTracker();
        var store = new TrackedToolStore();
        await using var client = new IgtlClient("127.0.0.1", sim.Port, null, store.Handle);
        Assert.That(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)), Is.True);

        client.Send(Query(IgtlPrefix.Start, IgtlDataType.TData, "", resolutionMs: 0));
        var clock = Stopwatch.StartNew();
        while (store.Get("Needle") is null && clock.ElapsedMilliseconds < 3000) await Task.Delay(5);

        Assert.That(store.IsValid("Needle", TrackingClock.NowNs()), Is.True);
        Assert.That(store.Get("Stylus")!.UpdateCount, Is.GreaterThan(0));
    }
}
