using System.Diagnostics;
using System.Net;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Simulation;

/// <summary>
/// A simulated optical tracker that serves OpenIGTLink on loopback exactly as PLUS does for a Polaris: one TRANSFORM
/// per tool per frame, stamped with the acquisition time, sent after the configured latency and jitter, with Gaussian
/// position noise and dropouts (STATUS NOT_PRESENT, then silence). Clients connect with <see cref="IgtlClient"/>.
/// Queries are answered from the latest frame (<see cref="IgtlQueryResponder"/>): GET_TRANSFORM and friends, and
/// STT_TDATA / STP_TDATA streaming at the requested resolution.
/// </summary>
public sealed class SimulatedTracker : IAsyncDisposable
{
    private readonly SimulatedTrackerOptions _options;
    private readonly IgtlServer _server;
    private readonly IgtlQueryResponder _responder;
    private readonly Thread _thread;
    private readonly TimeSpan? _duration;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RigidPose?> _placed = new(StringComparer.Ordinal);
    private volatile bool _stop;
    private long _frames, _messages;

    private SimulatedTracker(IPAddress address, int port, SimulatedTrackerOptions options, TimeSpan? duration)
    {
        if (options.RateHz is <= 0 or > 10_000) throw new ArgumentException($"tracker rate {options.RateHz} Hz is outside 0..10000 Hz");
        if (options.NoiseMm < 0) throw new ArgumentException($"noise {options.NoiseMm} mm must not be negative");
        _options = options;
        _duration = duration;
        Paths = new ToolPaths(options.Seed);
        _responder = new IgtlQueryResponder("Tracker", (int)Math.Max(1, Math.Round(1000 / options.RateHz)));
        _server = IgtlServer.Start(address, port, new IgtlOptions { IdleTimeout = TimeSpan.Zero }, _responder.Handle);
        StartNs = TrackingClock.NowNs();
        _thread = new Thread(Run) { IsBackground = true, Name = "tracker-sim" };
        _thread.Start();
    }

    /// <summary>Starts serving on address:port (0 = a free port) for duration (null = until disposed).</summary>
    public static SimulatedTracker Start(IPAddress address, int port, SimulatedTrackerOptions? options = null, TimeSpan? duration = null) =>
        new(address, port, options ?? new SimulatedTrackerOptions(), duration);

    /// <summary>The TCP port served.</summary>
    public int Port => _server.Port;

    /// <summary>When frame 0 was acquired, ns since the epoch; a pose stamped T was acquired at path time (T - StartNs) / 1e9 s.</summary>
    public long StartNs { get; }

    /// <summary>The noise-free tool motion.</summary>
    public ToolPaths Paths { get; }

    /// <summary>Frames acquired so far.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Messages handed to connected clients so far.</summary>
    public long MessagesSent => Interlocked.Read(ref _messages);

    /// <summary>TDATA/QTDATA streams clients started with STT_ and have not stopped.</summary>
    public int ActiveStreams => _responder.ActiveStreams;

    /// <summary>Clients connected now.</summary>
    public int ClientCount => _server.ConnectionCount;

    /// <summary>
    /// Holds <paramref name="tool"/> still at <paramref name="toolToTracker"/> (mm) instead of its path from the next frame on,
    /// as a user holding a pointer on a fiducial; noise still applies. The tool must be one of the options' tools.
    /// </summary>
    public void Place(string tool, RigidPose toolToTracker)
    {
        CheckTool(tool);
        _placed[tool] = toolToTracker;
    }

    /// <summary>Stops sending <paramref name="tool"/> from the next frame on (its pose goes stale at the client), until placed again.</summary>
    public void Hide(string tool)
    {
        CheckTool(tool);
        _placed[tool] = null;
    }

    /// <summary>Puts <paramref name="tool"/> back on its scripted path.</summary>
    public void Release(string tool) => _placed.TryRemove(tool, out _);

    private void CheckTool(string tool)
    {
        if (!_options.Tools.Contains(tool)) throw new ArgumentException($"the simulated tracker serves [{string.Join(", ", _options.Tools)}], not '{tool}'; add it to SimulatedTrackerOptions.Tools", nameof(tool));
    }

    /// <summary>Completes when the duration has run out (or after dispose).</summary>
    public Task Completion => _done.Task;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Run()
    {
        var random = new Random(_options.Seed + 1);
        var builder = new IgtlMessageBuilder();
        double periodNs = 1e9 / _options.RateHz;
        double sigma = _options.NoiseMm / Math.Sqrt(3);
        double dropoutChance = _options.DropoutsPerSecond / _options.RateHz;
        var dropoutUntilNs = new long[_options.Tools.Count];
        long endNs = _duration is { } d ? StartNs + (long)(d.TotalMilliseconds * 1e6) : long.MaxValue;
        for (long frame = 0; !_stop; frame++)
        {
            long acquiredNs = StartNs + (long)(frame * periodNs);
            if (acquiredNs >= endNs) break;
            double jitterNs = _options.JitterMs > 0 ? random.NextDouble() * _options.JitterMs * 1e6 : 0;
            WaitUntil(acquiredNs + (long)(_options.LatencyMs * 1e6 + jitterNs));
            double t = (acquiredNs - StartNs) / 1e9;
            for (int i = 0; i < _options.Tools.Count; i++)
            {
                string tool = _options.Tools[i];
                if (acquiredNs < dropoutUntilNs[i]) continue;
                if (dropoutChance > 0 && random.NextDouble() < dropoutChance)
                {
                    dropoutUntilNs[i] = acquiredNs + (long)(_options.DropoutMs * 1e6);
                    _responder.Update(tool, Paths.At(tool, t), acquiredNs, visible: false);
                    Send(builder.Status(tool, 16, 0, "NOT_PRESENT", "markers not visible", acquiredNs, _options.HeaderVersion));
                    continue;
                }
                RigidPose pose;
                if (!_placed.TryGetValue(tool, out RigidPose? placed)) pose = Paths.At(tool, t);
                else if (placed is { } held) pose = held;
                else continue;
                pose[9] += (float)(Gaussian(random) * sigma);
                pose[10] += (float)(Gaussian(random) * sigma);
                pose[11] += (float)(Gaussian(random) * sigma);
                _responder.Update(tool, pose, acquiredNs, visible: true);
                if (!_options.SendTransforms) continue;
                builder.Begin(IgtlPrefix.None, IgtlDataType.Transform, tool, acquiredNs, _options.HeaderVersion);
                IgtlBody.WriteMatrix(builder.Content(IgtlBody.TransformSize), pose);
                builder.Advance(IgtlBody.TransformSize);
                if (_options.HeaderVersion >= 2) builder.AddMetadata("TransformStatus", "OK");
                Send(builder.Finish());
            }
            Interlocked.Increment(ref _frames);
        }
        _done.TrySetResult();
    }

    private void Send(ReadOnlySpan<byte> message) => Interlocked.Add(ref _messages, _server.Broadcast(message));

    private void WaitUntil(long ns)
    {
        while (!_stop)
        {
            long left = ns - TrackingClock.NowNs();
            if (left <= 0) return;
            if (left > 1_500_000) Thread.Sleep(1);
            else Thread.Yield();
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Stops the tracker and closes its server.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop = true;
        _thread.Join();
        _done.TrySetResult();
        _responder.Dispose();
        await _server.DisposeAsync();
    }
}
