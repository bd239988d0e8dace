using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows.Classroom;

/// <summary>
/// Classroom fan-out on this machine: a real server, a teacher and 30 students over WebSockets on loopback, the
/// teacher sending camera changes at 60 Hz; latency is the teacher's send to each student's receipt (one
/// Stopwatch, one process). Target p99 under 50 ms. Check: every student receives every change, in order.
/// No anchor: nothing else runs this protocol.
/// </summary>
internal sealed class ClassroomFanoutRow : LatencyRow
{
    public const int Students = 30;

    protected override double TargetP99Ms => 50;

    public override string Name => "classroom-fanout";
    public override string CheckText => "every student receives every change, in order";
    public override string Describe(BenchContext c) => $"{Students} students + teacher on loopback WebSockets, {Changes(c)} camera changes at 60 Hz";

    private static int Changes(BenchContext c) => c.Options.Quick ? 120 : 600;

    protected override async Task<RowResult> MeasureAsync(BenchContext c, RowResult row)
    {
        int n = Changes(c);
        await using ServerRig rig = await ServerRig.StartAsync(c.Scratch);
        using var http = new HttpClient { BaseAddress = rig.Server.Url };
        using var started = JsonDocument.Parse(await (await http.PostAsync("/api/classroom", new StringContent("{}"))).Content.ReadAsStringAsync());
        string code = started.RootElement.GetProperty("code").GetString()!;
        using ClientWebSocket teacher = await rig.ConnectAsync("/classroom/ws?key=" + started.RootElement.GetProperty("teacherKey").GetString());

        var sentTicks = new long[n];
        var students = new List<(ClientWebSocket Socket, Task<(List<double> Ms, bool InOrder)> Reader)>();
        for (int s = 0; s < Students; s++)
        {
            var joined = await http.PostAsync("/classroom/join", new StringContent(JsonSerializer.Serialize(new { code, name = $"s{s}" }), Encoding.UTF8, "application/json"));
            string key = JsonDocument.Parse(await joined.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
            ClientWebSocket socket = await rig.ConnectAsync("/classroom/ws?key=" + key);
            await ReadOneAsync(socket, new byte[16 * 1024]); // welcome
            students.Add((socket, ReadChangesAsync(socket, n, sentTicks)));
        }
        await ReadOneAsync(teacher, new byte[16 * 1024]);

        c.Log($"  classroom-fanout: {Students} students connected; sending {n} changes at 60 Hz");
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / 60));
        for (int i = 0; i < n; i++)
        {
            await timer.WaitForNextTickAsync();
            double z = 100 + i * 0.5;
            string message = string.Create(CultureInfo.InvariantCulture,
                $$"""{"type":"camera","positionMm":[0,-500,{{z}}],"targetMm":[0,0,{{z}}],"upUnit":[0,0,1],"t":{{i}}}""");
            sentTicks[i] = Stopwatch.GetTimestamp();
            await teacher.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        var latencies = new List<double>();
        int complete = 0;
        foreach (var (socket, reader) in students)
        {
            Task done = await Task.WhenAny(reader, Task.Delay(10_000));
            if (done != reader) continue;
            (List<double> ms, bool inOrder) = await reader;
            latencies.AddRange(ms);
            if (ms.Count == n && inOrder) complete++;
            socket.Dispose();
        }
        var stats = rig.Server.Classroom.Current!.Stats();
        double p50 = LatencyStats.Percentile(latencies, 50), p99 = LatencyStats.Percentile(latencies, 99), max = latencies.Count > 0 ? latencies.Max() : double.NaN;
        string figures = string.Create(CultureInfo.InvariantCulture,
            $"p50 {p50:0.00} ms, p99 {p99:0.00} ms, max {max:0.00} ms over {latencies.Count} deliveries; server dropped {stats.Malformed} malformed, {stats.RateLimited} over rate");
        if (complete < Students)
            return row with { Note = $"disagree: {Students - complete} of {Students} students missed or reordered changes; {figures}" };
        return row with
        {
            Outcome = Verdict(p99), Value = p99, Runs = 1,
            Note = $"agree: all {Students} students received all {n} changes in order; {figures}",
        };
    }

    private static async Task<(List<double> Ms, bool InOrder)> ReadChangesAsync(ClientWebSocket socket, int n, long[] sentTicks)
    {
        var ms = new List<double>(n);
        var buffer = new byte[16 * 1024];
        bool inOrder = true;
        long lastSeq = 0;
        while (ms.Count < n)
        {
            int length = await ReadOneAsync(socket, buffer);
            long received = Stopwatch.GetTimestamp();
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
            JsonElement root = doc.RootElement;
            if (root.GetProperty("type").GetString() != "state") continue;
            int i = (int)root.GetProperty("t").GetDouble();
            long seq = root.GetProperty("seq").GetInt64();
            inOrder &= seq > lastSeq;
            lastSeq = seq;
            ms.Add(Stopwatch.GetElapsedTime(sentTicks[i], received).TotalMilliseconds);
        }
        return (ms, inOrder);
    }

    private static async Task<int> ReadOneAsync(ClientWebSocket socket, byte[] buffer)
    {
        int length = 0;
        WebSocketReceiveResult r;
        do
        {
            r = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
            length += r.Count;
        }
        while (!r.EndOfMessage);
        if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException("the server closed the socket");
        return length;
    }
}
