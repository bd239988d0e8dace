using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.App.Server;
using SurgicalNav.App.Tests.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Tests.Guidance;

/// <summary>/ws end to end over a real socket, fed by a scripted pose source.</summary>
public sealed class GuidanceChannelTests
{
    private string _case = "";
    private RunningServer _server = null!;
    private Trajectory _path = null!;

    [SetUp]
    public async Task Start()
    {
        _case = SyntheticCase.Create();
        _path = CaseStore.Load(_case).Plan!.Trajectories[0];
        _server = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0), CancellationToken.None);
    }

    [TearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        Directory.Delete(_case, recursive: true);
    }

    [Test]
    public async Task Connect_NoTracker_FirstMessageIsInvalidWithNotRegistered()
    {
        using var ws = await ConnectAsync();
        using JsonDocument first = await ReceiveAsync(ws);
        Assert.That(first.RootElement.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(first.RootElement.GetProperty("reason").GetString(), Does.Contain("no tracker"));
        Assert.That(first.RootElement.TryGetProperty("tipToTargetMm", out _), Is.False, "an invalid message carries no figures");
        Assert.That(first.RootElement.GetProperty("registration").GetProperty("label").GetString(), Is.EqualTo("not registered"));
    }

    [Test]
    public async Task ScriptedNeedle_Samples_MatchTheCalculatorToOneDecimal()
    {
        using var ws = await ConnectAsync();
        using var source = ScriptedPoseSource.Approach(_path.EntryMm, _path.TargetMm, rateHz: 100, seconds: 2);
        _server.Guidance.Attach(source);
        int checkedMessages = 0;
        var clock = Stopwatch.StartNew();
        while (checkedMessages < 20 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            using JsonDocument m = await ReceiveAsync(ws);
            if (!m.RootElement.GetProperty("valid").GetBoolean()) continue;
            Vec3 tip = Vec(m.RootElement.GetProperty("tipMm")), dir = Vec(m.RootElement.GetProperty("directionUnit"));
            GuidanceFigures f = GuidanceCalculator.Compute(_path.EntryMm, _path.TargetMm, tip, dir);
            Assert.That(m.RootElement.GetProperty("tipToTargetMm").GetDouble(), Is.EqualTo(f.TipToTargetMm).Within(0.05 + 1e-9));
            Assert.That(m.RootElement.GetProperty("lateralOffsetMm").GetDouble(), Is.EqualTo(f.LateralOffsetMm).Within(0.05 + 1e-9));
            Assert.That(m.RootElement.GetProperty("angleErrorDeg").GetDouble(), Is.EqualTo(f.AngleErrorDeg).Within(0.05 + 1e-9));
            Assert.That(m.RootElement.GetProperty("remainingDepthMm").GetDouble(), Is.EqualTo(f.RemainingDepthMm).Within(0.05 + 1e-9));
            checkedMessages++;
        }
        Assert.That(checkedMessages, Is.EqualTo(20), "valid guidance messages stopped arriving");
    }

    [Test]
    public async Task StopSource_ValidStream_InvalidArrivesWithin100Ms()
    {
        using var ws = await ConnectAsync();
        using var source = ScriptedPoseSource.Approach(_path.EntryMm, _path.TargetMm);
        _server.Guidance.Attach(source);
        await WaitForAsync(ws, valid: true);
        var clock = Stopwatch.StartNew();
        source.Stop();
        using JsonDocument invalid = await WaitForAsync(ws, valid: false);
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.LessThan(100));
        Assert.That(invalid.RootElement.GetProperty("reason").GetString(), Does.Contain("stopped"));
    }

    [Test]
    public async Task SilentSource_NoSampleFor50Ms_StaleInvalidWithin100Ms()
    {
        using var ws = await ConnectAsync();
        var silent = new SilentAfterFirst(new NeedlePose(1, _path.EntryMm, (_path.TargetMm - _path.EntryMm).Normalized(), true, Stopwatch.GetTimestamp()));
        var clock = Stopwatch.StartNew();
        _server.Guidance.Attach(silent);
        await WaitForAsync(ws, valid: true);
        using JsonDocument stale = await WaitForAsync(ws, valid: false);
        Assert.That(clock.Elapsed.TotalMilliseconds, Is.LessThan(100 + 50));
        Assert.That(stale.RootElement.GetProperty("reason").GetString(), Does.Contain("stale"));
    }

    [Test]
    public async Task MalformedClientMessages_AreDroppedAndCounted_ThePingStillAnswers()
    {
        using var ws = await ConnectAsync();
        await ReceiveAsync(ws);
        string[] hostile = ["not json", "{\"type\":\"drop tables\"}", "[1,2,3]", "{\"type\":\"ping\",\"t\":\"x\"}"];
        foreach (string h in hostile) await ws.SendAsync(Encoding.UTF8.GetBytes(h), WebSocketMessageType.Text, true, CancellationToken.None);
        await ws.SendAsync(new byte[3], WebSocketMessageType.Binary, true, CancellationToken.None);
        await ws.SendAsync(new byte[ClientMessages.MaxBytes * 3], WebSocketMessageType.Text, true, CancellationToken.None);
        await ws.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"t\":42}"), WebSocketMessageType.Text, true, CancellationToken.None);
        using JsonDocument pong = await ReceiveUntilAsync(ws, m => m.RootElement.GetProperty("type").GetString() == "pong");
        Assert.That(pong.RootElement.GetProperty("t").GetDouble(), Is.EqualTo(42));
        Assert.That(_server.Guidance.Malformed, Is.EqualTo(hostile.Length + 2));
        Assert.That(ws.State, Is.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task AbruptDisconnect_ServerKeepsServingOthers()
    {
        var dropped = await ConnectAsync();
        dropped.Abort();
        dropped.Dispose();
        using var ws = await ConnectAsync();
        using JsonDocument m = await ReceiveAsync(ws);
        Assert.That(m.RootElement.GetProperty("type").GetString(), Is.EqualTo("guidance"));
    }

    [Test]
    public async Task Latency_SampleToSend_P99IsReported()
    {
        using var ws = await ConnectAsync();
        using var source = ScriptedPoseSource.Approach(_path.EntryMm, _path.TargetMm, rateHz: 200, seconds: 2);
        _server.Guidance.Attach(source);
        for (int i = 0; i < 200; i++) (await ReceiveAsync(ws)).Dispose();
        GuidanceStats stats = _server.Guidance.Stats();
        TestContext.Out.WriteLine($"sample-to-send latency over {stats.Sent} sends: p50 {stats.LatencyP50Ms:0.000} ms, p99 {stats.LatencyP99Ms:0.000} ms");
        Assert.That(stats.LatencyP99Ms, Is.Not.Null);
        // The 2 ms target is measured by the benchmark; here only a ceiling that catches a blocked pipeline.
        Assert.That(stats.LatencyP99Ms, Is.LessThan(25));
    }

    private sealed class SilentAfterFirst(NeedlePose first) : INeedlePoseSource
    {
        public async IAsyncEnumerable<NeedlePose> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            yield return first;
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var ws = new ClientWebSocket();
        await ws.ConnectAsync(new UriBuilder(_server.Url) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
        return ws;
    }

    private static async Task<JsonDocument> WaitForAsync(ClientWebSocket ws, bool valid) =>
        await ReceiveUntilAsync(ws, m => m.RootElement.GetProperty("type").GetString() == "guidance" && m.RootElement.GetProperty("valid").GetBoolean() == valid);

    private static async Task<JsonDocument> ReceiveUntilAsync(ClientWebSocket ws, Func<JsonDocument, bool> wanted)
    {
        for (int i = 0; i < 1000; i++)
        {
            JsonDocument m = await ReceiveAsync(ws);
            if (wanted(m)) return m;
            m.Dispose();
        }
        throw new AssertionException("the expected message never came");
    }

    private static async Task<JsonDocument> ReceiveAsync(ClientWebSocket ws)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[16384];
        int length = 0;
        ValueWebSocketReceiveResult r;
        do
        {
            r = await ws.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += r.Count;
        }
        while (!r.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, length));
    }

    private static Vec3 Vec(JsonElement e) => new(e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble());
}
