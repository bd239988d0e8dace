using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Net;

/// <summary>Each hostile peer is counted and logged, and the server keeps serving a well-behaved peer afterwards.</summary>
public class HostileInputTests
{
    private static byte[] Good(string tool = "Stylus") => new IgtlMessageBuilder().Transform(tool, RigidPose.Identity, TrackingClock.NowNs()).ToArray();

    private static async Task<(IgtlServer Server, TrackedToolStore Store, List<string> Log)> StartAsync(IgtlOptions? options = null)
    {
        var log = new List<string>();
        var store = new TrackedToolStore();
        options = (options ?? new IgtlOptions()) with { Log = s => { lock (log) log.Add(s); } };
        var server = IgtlServer.Start(IPAddress.Loopback, 0, options, store.Handle);
        await Task.Yield();
        return (server, store, log);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, port);
        return s;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, int timeoutMs = 3000)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.ElapsedMilliseconds > timeoutMs) Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}");
            await Task.Delay(5);
        }
    }

    private static async Task AssertStillServesAsync(IgtlServer server, TrackedToolStore store)
    {
        using Socket s = await ConnectAsync(server.Port);
        s.Send(Good("Healthy"));
        await WaitForAsync(() => store.Get("Healthy") is not null, "a good peer's sample after the hostile one");
    }

    [Test]
    public async Task Truncated_PeerClosesMidBody_CountedAndServerContinues()
    {
        var (server, store, log) = await StartAsync();
        await using var _ = server;
        using (Socket s = await ConnectAsync(server.Port)) s.Send(Good().AsSpan(0, 70));
        await WaitForAsync(() => server.Counters.Truncated == 1, "the truncated count");
        Assert.That(log, Has.Some.Contains("truncated"));
        await AssertStillServesAsync(server, store);
    }

    [Test]
    public async Task BodySize4GB_Drained_CountedAndSameConnectionSurvives()
    {
        var (server, store, log) = await StartAsync();
        await using var _ = server;
        byte[] huge = Good();
        BinaryPrimitives.WriteUInt64BigEndian(huge.AsSpan(42), 4UL << 30);
        using Socket s = await ConnectAsync(server.Port);
        s.Send(huge.AsSpan(0, 58));
        await WaitForAsync(() => server.Counters.OversizeBodies == 1, "the oversize count");
        Assert.That(log, Has.Some.Contains("exceeds"));
        Assert.That(server.ConnectionCount, Is.EqualTo(1), "the connection stays open while it drains");
        await AssertStillServesAsync(server, store);
    }

    [Test]
    public async Task WrongCrc_Skipped_NextMessageOnSameConnectionAccepted()
    {
        var (server, store, _) = await StartAsync();
        await using var __ = server;
        byte[] bad = Good("Corrupt");
        bad[^1] ^= 0x01;
        using Socket s = await ConnectAsync(server.Port);
        s.Send(bad);
        s.Send(Good("After"));
        await WaitForAsync(() => store.Get("After") is not null, "the message after the bad CRC");
        Assert.That(server.Counters.CrcMismatches, Is.EqualTo(1));
        Assert.That(store.Get("Corrupt"), Is.Null, "a message with a wrong CRC must not reach the store");
    }

    [Test]
    public async Task UnknownType_Skipped_CountedAndConnectionKept()
    {
        var (server, store, _) = await StartAsync();
        await using var __ = server;
        byte[] odd = Good("Odd");
        "FOOBAR\0\0\0\0\0\0"u8.CopyTo(odd.AsSpan(2));
        using Socket s = await ConnectAsync(server.Port);
        s.Send(odd);
        s.Send(Good("After"));
        await WaitForAsync(() => store.Get("After") is not null, "the message after the unknown type");
        Assert.That(server.Counters.UnknownTypes, Is.EqualTo(1));
    }

    [Test]
    public async Task NonUtf8DeviceName_Skipped_CountedAndConnectionKept()
    {
        var (server, store, log) = await StartAsync();
        await using var _ = server;
        byte[] bad = Good("x");
        bad[14] = 0xC3; bad[15] = 0x28; // invalid UTF-8 sequence
        using Socket s = await ConnectAsync(server.Port);
        s.Send(bad);
        s.Send(Good("After"));
        await WaitForAsync(() => store.Get("After") is not null, "the message after the bad name");
        Assert.That(server.Counters.BadDeviceNames, Is.EqualTo(1));
        Assert.That(log, Has.Some.Contains("C328"));
    }

    [Test]
    public async Task SilentPeer_ClosedAfterIdleTimeout_CountedAndServerContinues()
    {
        var (server, store, _) = await StartAsync(new IgtlOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        await using var __ = server;
        using Socket silent = await ConnectAsync(server.Port);
        await WaitForAsync(() => server.Counters.IdleTimeouts == 1, "the idle timeout");
        await AssertStillServesAsync(server, store);
    }

    [Test]
    public async Task FloodingPeer_ExcessDropped_OtherPeerStillServed()
    {
        var (server, store, _) = await StartAsync(new IgtlOptions { MaxMessagesPerSecond = 500 });
        await using var __ = server;
        byte[] one = Good("Flood");
        var burst = new byte[one.Length * 5000];
        for (int i = 0; i < 5000; i++) one.CopyTo(burst, i * one.Length);
        using Socket flood = await ConnectAsync(server.Port);
        flood.Send(burst);
        await WaitForAsync(() => server.Counters.FloodDropped + server.Counters.Messages >= 5000, "the flood to be processed");
        Assert.That(server.Counters.FloodDropped, Is.GreaterThanOrEqualTo(4000), server.Counters.ToString());
        await AssertStillServesAsync(server, store);
    }

    [Test]
    public async Task GarbageHeader_ConnectionClosed_ServerContinues()
    {
        var (server, store, _) = await StartAsync();
        await using var __ = server;
        using (Socket s = await ConnectAsync(server.Port)) s.Send(new byte[58].Select((_, i) => (byte)(i * 37)).ToArray());
        await WaitForAsync(() => server.Counters.BadHeaders == 1, "the bad header count");
        await AssertStillServesAsync(server, store);
    }

    [Test]
    public async Task MalformedTransformSize_Skipped_Counted()
    {
        var (server, store, _) = await StartAsync();
        await using var __ = server;
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.None, IgtlDataType.Transform, "Short", 0);
        b.Advance(40);
        using Socket s = await ConnectAsync(server.Port);
        s.Send(b.Finish());
        s.Send(Good("After"));
        await WaitForAsync(() => store.Get("After") is not null, "the message after the malformed one");
        Assert.That(server.Counters.Malformed, Is.EqualTo(1));
    }

    [Test]
    public async Task Client_ServerAppearsLate_ReconnectsWithBackoff()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; probe.Stop(); }
        var store = new TrackedToolStore();
        await using var client = new IgtlClient("127.0.0.1", port, new IgtlOptions { ReconnectInitialDelay = TimeSpan.FromMilliseconds(20) }, store.Handle);
        await Task.Delay(300);
        Assert.That(client.Counters.ReconnectAttempts, Is.InRange(2, 6), "20 ms doubling gives about 4 attempts in 300 ms");
        await using var server = IgtlServer.Start(IPAddress.Loopback, port);
        Assert.That(await client.WaitConnectedAsync(TimeSpan.FromSeconds(3)), Is.True);
        await WaitForAsync(() => server.ConnectionCount == 1, "the server to see the client");
        server.Broadcast(Good("Late"));
        await WaitForAsync(() => store.Get("Late") is not null, "a sample through the reconnected client");
    }
}
