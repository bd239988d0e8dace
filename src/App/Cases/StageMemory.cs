using System.Globalization;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Cases;

/// <summary>
/// Peak resident memory of this process per pipeline stage, so the demo can say which stage needs the most and a
/// regression shows where it happened. On Linux the kernel's high-water mark (VmHWM in /proc/self/status) is reset
/// at each stage start by writing 5 to /proc/self/clear_refs; where that is not possible (other systems, restricted
/// containers) the figure is the peak since process start and <see cref="PerStage"/> is false.
/// </summary>
public sealed class StageMemory
{
    private readonly Dictionary<string, double> _peakMb = new(StringComparer.Ordinal);
    private string? _current;

    /// <summary>Whether the peaks are per stage (true) or cumulative since start (false).</summary>
    public bool PerStage { get; private set; } = true;

    /// <summary>Peak resident set per finished stage, in MB (10^6 bytes), in stage order.</summary>
    public IReadOnlyDictionary<string, double> PeakMb => _peakMb;

    /// <summary>
    /// Ends the running stage (recording its peak), returns what the previous stages left behind to the operating
    /// system, and starts <paramref name="stage"/>. Pass null to end the last stage.
    /// </summary>
    public void Begin(string? stage)
    {
        if (_current is not null) _peakMb[_current] = Math.Round(ReadKb("VmHWM:") / 1000.0, 1);
        _current = stage;
        if (stage is null) return;
        ReleaseFreeMemory();
        PerStage &= TryResetHighWaterMark();
    }

    /// <summary>Returns what the previous stages let go of to the operating system (see <see cref="FreedMemory.Return"/>).</summary>
    public static void ReleaseFreeMemory() => FreedMemory.Return();

    /// <summary>Current resident set of this process in MB, or 0 where /proc is not available.</summary>
    public static double ResidentMb() => ReadKb("VmRSS:") / 1000.0;

    private static bool TryResetHighWaterMark()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static long ReadKb(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                string number = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
