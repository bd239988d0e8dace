using System.Diagnostics;
using System.Threading.Channels;
using SurgicalNav.Imaging;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// Needle poses from a live OpenIGTLink tracker, through the frame graph: the client's samples update the
/// "tool → Tracker" edges (<see cref="TrackerFrameFeed"/>), and each needle sample resolves "NeedleTip → Image"
/// (or "Needle → Image" when no tip calibration is stored) along the case's registration. A pose is not visible when
/// the tool is flagged missing, an edge on the path is older than 200 ms, or no registration joins tracker and image.
/// The needle points along its tip frame's +z axis (hub to tip).
/// </summary>
public sealed class TrackedNeedleSource : INeedlePoseSource, IAsyncDisposable
{
    private readonly Channel<NeedlePose> _channel = Channel.CreateBounded<NeedlePose>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly IgtlClient _client;
    private readonly string _needleTool;

    /// <summary>
    /// Connects to the tracker at host:port (reconnecting with backoff) and feeds <paramref name="graph"/>, which
    /// should hold the registration (for example Tracker → Image) and optionally the NeedleTip → Needle calibration.
    /// </summary>
    public TrackedNeedleSource(FrameGraph graph, string host, int port, string needleTool = FrameNames.Needle, IgtlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _needleTool = needleTool;
        Store = new TrackedToolStore();
        Feed = new TrackerFrameFeed(Store, graph) { Updated = OnUpdated };
        _client = new IgtlClient(host, port, options, Store.Handle);
    }

    /// <summary>The tools' latest samples.</summary>
    public TrackedToolStore Store { get; }

    /// <summary>The frame graph feed (tool edges, update count).</summary>
    public TrackerFrameFeed Feed { get; }

    /// <summary>The OpenIGTLink client (connection state, counters).</summary>
    public IgtlClient Client => _client;

    /// <summary>Parses "host:port" as given to <c>serve --tracker</c>; port 1..65535.</summary>
    public static (string Host, int Port) ParseAddress(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"tracker address '{text}' must be host:port, for example 127.0.0.1:18944 (PLUS and tracker-sim serve 18944)");
        }
        return (text[..colon], port);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<NeedlePose> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);

    /// <summary>The needle pose in the image frame now, as guidance would show it (also what each sample publishes).</summary>
    public NeedlePose Current(long senderTimestampNs = 0)
    {
        FrameGraph graph = Feed.Graph;
        string tip = graph.Frames.Contains(FrameNames.NeedleTip) ? FrameNames.NeedleTip : _needleTool;
        long received = Stopwatch.GetTimestamp();
        try
        {
            FrameResolution r = graph.Resolve(tip, FrameNames.Image, TrackingClock.NowNs(), Store.MaxAgeNs);
            return new NeedlePose(senderTimestampNs, r.Transform.Apply(Vec3.Zero), r.Transform.ApplyToDirection(new Vec3(0, 0, 1)).Normalized(),
                r.IsValid, received, r.InvalidReason);
        }
        catch (FrameGraphException e)
        {
            return new NeedlePose(senderTimestampNs, Vec3.Zero, new Vec3(0, 0, 1), false, received, "not registered: " + e.Message);
        }
    }

    private void OnUpdated(TrackedSample sample)
    {
        if (sample.ToolName != _needleTool) return;
        _channel.Writer.TryWrite(Current(sample.SenderTimestampNs));
    }

    /// <summary>Disconnects from the tracker and ends the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        _channel.Writer.TryComplete();
    }
}
