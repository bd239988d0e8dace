using System.Net.WebSockets;
using SurgicalNav.App.Guidance;
using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows.Classroom;

/// <summary>
/// Server latency of AR guidance: a scripted needle source at tracker rate (250 Hz) feeds the real guidance hub
/// of a running server with headset clients on /ws; the hub's own instrumentation measures from a sample reaching
/// the server (its Stopwatch stamp) to its guidance message having been handed to each client's WebSocket (the
/// same path <c>serve --simulate-needle</c> and a tracker take). Target p99 under 2 ms. Check: every sample became
/// a message and every client received messages. No anchor.
/// </summary>
internal sealed class GuidanceLatencyRow : LatencyRow
{
    public const int Clients = 4;
    public const double RateHz = 250;

    protected override double TargetP99Ms => 2;

    public override string Name => "guidance-latency";
    public override string CheckText => "every sample becomes a guidance message; every client receives them";
    public override string Describe(BenchContext c) => $"needle samples at {RateHz} Hz for {Seconds(c)} s to {Clients} /ws clients, sample to WebSocket send";

    private static int Seconds(BenchContext c) => c.Options.Quick ? 3 : 10;

    protected override async Task<RowResult> MeasureAsync(BenchContext c, RowResult row)
    {
        await using ServerRig rig = await ServerRig.StartAsync(c.Scratch);
        var sockets = new List<ClientWebSocket>();
        var counts = new long[Clients];
        using var stop = new CancellationTokenSource();
        var readers = new List<Task>();
        for (int i = 0; i < Clients; i++)
        {
            ClientWebSocket ws = await rig.ConnectAsync("/ws");
            sockets.Add(ws);
            int index = i;
            readers.Add(Task.Run(async () =>
            {
                var buffer = new byte[8192];
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var r = await ws.ReceiveAsync(buffer, stop.Token);
                        if (r.EndOfMessage) Interlocked.Increment(ref counts[index]);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
            }));
        }
        c.Log($"  guidance-latency: {Clients} clients, {RateHz} Hz for {Seconds(c)} s");
        long written;
        using (var needle = ScriptedPoseSource.Approach(ServerRig.EntryMm, ServerRig.TargetMm, RateHz, seconds: 4))
        {
            rig.Server.Guidance.Attach(needle);
            await Task.Delay(TimeSpan.FromSeconds(Seconds(c)));
            written = needle.Written;
            GuidanceStats stats = rig.Server.Guidance.Stats();
            needle.Stop();
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            foreach (var ws in sockets) ws.Dispose();

            string figures = string.Create(CultureInfo.InvariantCulture,
                $"p50 {stats.LatencyP50Ms:0.000} ms, p99 {stats.LatencyP99Ms:0.000} ms (last {Math.Min(stats.Sent, 8192)} sends); {written} samples written, {stats.Samples} read, {stats.Sent} messages sent, per client {string.Join("/", counts)} received");
            bool agree = stats.Samples >= written - 2 && counts.All(n => n >= stats.Samples * 9 / 10);
            if (!agree || stats.LatencyP99Ms is null) return row with { Note = $"disagree: samples were lost between source, hub and clients; {figures}" };
            return row with
            {
                Outcome = Verdict(stats.LatencyP99Ms), Value = stats.LatencyP99Ms, Runs = 1,
                Note = $"agree: every sample became a message and reached the clients; {figures}",
            };
        }
    }
}
