using System.Diagnostics;
using System.Threading.Channels;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// Plays a fixed list of needle poses at a steady rate, looping, until <see cref="Stop"/>: a stand-in tracker
/// for the demo and the tests that goes through the same <see cref="INeedlePoseSource"/> path as a real one.
/// </summary>
public sealed class ScriptedPoseSource : INeedlePoseSource, IDisposable
{
    private readonly IReadOnlyList<(Vec3 TipMm, Vec3 DirectionUnit, bool Visible)> _script;
    private readonly Channel<NeedlePose> _channel = Channel.CreateBounded<NeedlePose>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    /// <summary>Starts playing <paramref name="script"/> (image LPS mm, unit directions) at <paramref name="rateHz"/>.</summary>
    public ScriptedPoseSource(IReadOnlyList<(Vec3 TipMm, Vec3 DirectionUnit, bool Visible)> script, double rateHz = 60)
    {
        if (script.Count == 0) throw new ArgumentException("the script needs at least one pose", nameof(script));
        if (rateHz is <= 0 or > 1000) throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz, "rate must be in (0, 1000] Hz");
        _script = script;
        RateHz = rateHz;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Samples per second.</summary>
    public double RateHz { get; }

    /// <summary>Samples written so far.</summary>
    public long Written { get; private set; }

    /// <summary>
    /// A needle approaching <paramref name="targetMm"/> along the path from <paramref name="entryMm"/>: it starts
    /// 20 mm outside the entry and advances to the target over <paramref name="seconds"/>, offset sideways by up to
    /// <paramref name="lateralMm"/> and tilted by <paramref name="tiltDeg"/>, both shrinking as it goes in.
    /// </summary>
    public static ScriptedPoseSource Approach(Vec3 entryMm, Vec3 targetMm, double rateHz = 60, double seconds = 6, double lateralMm = 4, double tiltDeg = 6)
    {
        Vec3 u = (targetMm - entryMm).Normalized();
        (Vec3 e1, Vec3 e2) = GuidanceCalculator.Basis(u);
        double length = Vec3.Distance(entryMm, targetMm) + 20;
        int n = Math.Max(2, (int)(rateHz * seconds));
        var script = new List<(Vec3, Vec3, bool)>(n);
        for (int i = 0; i < n; i++)
        {
            double f = i / (double)(n - 1);
            double shrink = 1 - 0.8 * f;
            Vec3 tip = entryMm - u * 20 + u * (length * f) + e1 * (lateralMm * shrink) + e2 * (0.5 * lateralMm * shrink);
            double tilt = tiltDeg * shrink * Math.PI / 180;
            Vec3 direction = (u * Math.Cos(tilt) + e2 * Math.Sin(tilt)).Normalized();
            script.Add((tip, direction, true));
        }
        return new ScriptedPoseSource(script, rateHz);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<NeedlePose> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);

    /// <summary>Stops the stream: readers see it end, as when a tracker disconnects.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _channel.Writer.TryComplete();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        try { _pump.Wait(TimeSpan.FromSeconds(1)); } catch (AggregateException) { /* stopped */ }
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / RateHz));
        int i = 0;
        long startNs = DateTime.UtcNow.Ticks * 100;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var (tip, direction, visible) = _script[i++ % _script.Count];
                long ns = startNs + (long)(Written * 1e9 / RateHz);
                _channel.Writer.TryWrite(new NeedlePose(ns, tip, direction, visible, Stopwatch.GetTimestamp()));
                Written++;
            }
        }
        catch (OperationCanceledException)
        {
            // Stop() was called.
        }
    }
}
