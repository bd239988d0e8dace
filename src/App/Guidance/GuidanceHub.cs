using System.Diagnostics;
using System.Text.Json;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// Turns a needle pose stream into guidance messages and fans them out to every /ws client. A message goes
/// out per sample; when the stream ends, a sample says the tool is not visible, or no sample came for
/// <see cref="StaleAfter"/>, one invalid message goes out at once, so displays can blank their numbers.
/// </summary>
public sealed partial class GuidanceHub : IAsyncDisposable
{
    private readonly Func<Trajectory?> _plannedPath;
    private readonly Func<RegistrationStatus> _registration;
    private readonly object _stateLock = new();
    private readonly Timer _watchdog;
    private readonly LatencyRecorder _latency = new();
    private CancellationTokenSource? _sourceStop;
    private Task _sourceLoop = Task.CompletedTask;
    private long _seq, _samples, _lastSampleTicks;
    private bool _validShown;
    private byte[] _last;
    private GuidanceMessage _lastMessage;

    /// <summary>
    /// A hub guiding along <paramref name="plannedPath"/> (read per sample, so an accepted plan applies at once),
    /// reporting <paramref name="registration"/>; <paramref name="staleAfter"/> defaults to 50 ms (3 samples at 60 Hz).
    /// </summary>
    public GuidanceHub(Func<Trajectory?> plannedPath, Func<RegistrationStatus> registration, TimeSpan? staleAfter = null)
    {
        _plannedPath = plannedPath;
        _registration = registration;
        StaleAfter = staleAfter ?? TimeSpan.FromMilliseconds(50);
        _lastMessage = Invalid("no tracker connected");
        _last = Serialize(_lastMessage);
        _watchdog = new Timer(_ => CheckStale(), null, 10, 10);
    }

    /// <summary>How long without a sample before tracking counts as stale.</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>The last message sent (UTF-8 JSON), also what a newly connected client gets first.</summary>
    public ReadOnlyMemory<byte> LastMessage { get { lock (_stateLock) return _last; } }

    /// <summary>Counters for the stats endpoint.</summary>
    public GuidanceStats Stats() => new(_clients.Count, Interlocked.Read(ref _sent), Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _samples), _latency.Percentile(50), _latency.Percentile(99));

    /// <summary>Replaces the pose source (a tracker connecting); the previous one is no longer read.</summary>
    public void Attach(INeedlePoseSource source)
    {
        var stop = new CancellationTokenSource();
        Interlocked.Exchange(ref _sourceStop, stop)?.Cancel();
        _sourceLoop = Task.Run(() => ReadAsync(source, stop.Token));
    }

    /// <summary>The message for one sample against the current plan (also used by tests as the server's own computation).</summary>
    public GuidanceMessage Compose(NeedlePose pose)
    {
        Trajectory? path = _plannedPath();
        if (path is null) return Invalid("no planned trajectory; accept a plan first");
        if (!pose.Visible) return Invalid(pose.InvalidReason ?? "needle not visible to the tracker");
        GuidanceFigures f = GuidanceCalculator.Compute(path.EntryMm, path.TargetMm, pose.TipMm, pose.DirectionUnit);
        return new GuidanceMessage("guidance", 0, pose.TimestampNs, true, null,
            R(f.TipToTargetMm), R(f.LateralOffsetMm), R(f.AngleErrorDeg), R(f.RemainingDepthMm),
            [R(f.TipBullseyeXMm), R(f.TipBullseyeYMm)],
            f.AimBullseyeXMm is { } ax && f.AimBullseyeYMm is { } ay ? [R(ax), R(ay)] : null,
            pose.TipMm.ToArray(), pose.DirectionUnit.ToArray(), path.Name, _registration());
    }

    private static double R(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero);

    private GuidanceMessage Invalid(string reason) =>
        new("guidance", 0, 0, false, reason, null, null, null, null, null, null, null, null, _plannedPath()?.Name, _registration());

    private async Task ReadAsync(INeedlePoseSource source, CancellationToken ct)
    {
        try
        {
            await foreach (NeedlePose pose in source.ReadAllAsync(ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _samples);
                GuidanceMessage message;
                try
                {
                    message = Compose(pose);
                }
                catch (ArgumentException e)
                {
                    message = Invalid(e.Message);
                }
                Publish(message, pose.ReceivedTicks, sample: true);
            }
            if (!ct.IsCancellationRequested) Publish(Invalid("tracker stopped sending"), Stopwatch.GetTimestamp(), sample: false);
        }
        catch (OperationCanceledException)
        {
            // replaced by another source or shutting down
        }
    }

    private void CheckStale()
    {
        long last = Interlocked.Read(ref _lastSampleTicks);
        if (!Volatile.Read(ref _validShown) || last == 0) return;
        if (Stopwatch.GetElapsedTime(last) > StaleAfter)
            Publish(Invalid($"tracking stale: no sample for more than {StaleAfter.TotalMilliseconds:0} ms"), Stopwatch.GetTimestamp(), sample: false);
    }

    private void Publish(GuidanceMessage message, long receivedTicks, bool sample)
    {
        byte[] payload;
        lock (_stateLock)
        {
            if (sample) Interlocked.Exchange(ref _lastSampleTicks, receivedTicks);
            else if (!_validShown) return; // already showing invalid; say it once
            // An invalid sample that says what the displays already show (not registered, tool missing) changes nothing;
            // sent at tracker rate it would only flood them, so it too is said once.
            if (!message.Valid && !_validShown && message.Reason == _lastMessage.Reason && message.Registration == _lastMessage.Registration) return;
            _lastMessage = message with { Seq = ++_seq, SentUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            payload = Serialize(_lastMessage);
            _validShown = message.Valid;
            _last = payload;
        }
        Broadcast(payload, receivedTicks);
    }

    /// <summary>
    /// Sends the last message again with the registration status as it is now, so displays show a registration made
    /// in the app at once, even while no tracker sample flows.
    /// </summary>
    public void RefreshRegistration()
    {
        byte[] payload;
        lock (_stateLock)
        {
            _lastMessage = _lastMessage with { Seq = ++_seq, SentUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Registration = _registration() };
            payload = Serialize(_lastMessage);
            _last = payload;
        }
        Broadcast(payload, Stopwatch.GetTimestamp());
    }

    private static byte[] Serialize(GuidanceMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, NavJson.Compact);

    /// <summary>Stops reading the source, the watchdog and every client.</summary>
    public async ValueTask DisposeAsync()
    {
        _sourceStop?.Cancel();
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        try { await _sourceLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await CloseClientsAsync().ConfigureAwait(false);
    }
}
