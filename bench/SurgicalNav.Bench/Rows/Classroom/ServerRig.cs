using System.Net.WebSockets;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;

namespace SurgicalNav.Bench.Rows.Classroom;

/// <summary>
/// A real CaseServer on a free loopback port over a minimal case folder (case.json only: two segments and one
/// planned trajectory), for the latency rows; disposing stops the server and deletes the folder.
/// </summary>
internal sealed class ServerRig : IAsyncDisposable
{
    public static readonly Vec3 EntryMm = new(0, -120, 0), TargetMm = new(10, -20, 15);

    private ServerRig(string directory, RunningServer server)
    {
        Directory = directory;
        Server = server;
    }

    public string Directory { get; }

    public RunningServer Server { get; }

    public static async Task<ServerRig> StartAsync(string scratch)
    {
        string dir = Path.Combine(scratch, $"latency-case-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        var path = new Trajectory("bench path", "tumor 1", EntryMm, TargetMm, Vec3.Distance(EntryMm, TargetMm), new Dictionary<string, double>(), true);
        var plan = new Plan([new PlanTarget("tumor 1", TargetMm, 10, 4)], [path], 5, new Dictionary<string, double>());
        var volume = new VolumeInfo([10, 10, 10], [1, 1, 1], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1], "1.2.3", "CT", 0, 0);
        CaseStore.Save(dir, new CaseDocument(1, "latency bench", "bench", volume,
            [new SegmentSummary(1, "body", [1, 1, 1], 1, 1, 0), new SegmentSummary(2, "liver", [1, 0, 0], 1, 1, 0)], plan, "cpu",
            new Dictionary<string, double>()));
        RunningServer server = await CaseServer.StartAsync(new CaseServerOptions(dir, Port: 0), CancellationToken.None);
        return new ServerRig(dir, server);
    }

    public async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var ws = new ClientWebSocket();
        var uri = new Uri(new UriBuilder(Server.Url) { Scheme = "ws" }.Uri, pathAndQuery);
        await ws.ConnectAsync(uri, CancellationToken.None);
        return ws;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
