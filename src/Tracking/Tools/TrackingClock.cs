using System.Diagnostics;

namespace SurgicalNav.Tracking.Tools;

/// <summary>
/// The receiver's clock: nanoseconds since the Unix epoch, read from the monotonic high-resolution counter anchored
/// to the wall clock once at start-up, so it never jumps backwards when NTP adjusts the system time.
/// </summary>
public static class TrackingClock
{
    private static readonly long AnchorNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
    private static readonly long AnchorTicks = Stopwatch.GetTimestamp();
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>Now, in ns since the Unix epoch (monotonic).</summary>
    public static long NowNs() => AnchorNs + (long)((Stopwatch.GetTimestamp() - AnchorTicks) * NsPerTick);
}
