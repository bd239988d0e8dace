using System.Net.WebSockets;
using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows.Classroom;

/// <summary>
/// A row that measures a latency (ms) on a running server rather than timing an operation against an anchor:
/// no anchors; the result's value is the p99, met when it is under <see cref="TargetP99Ms"/>.
/// </summary>
internal abstract class LatencyRow : BenchRow
{
    /// <summary>The p99 the row must stay under, in ms.</summary>
    protected abstract double TargetP99Ms { get; }

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) => [];
    public override OursRun Ours(BenchContext c) => throw new NotSupportedException($"the {Name} row measures latency; see Run");
    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) => [];

    public override IEnumerable<RowResult> Run(BenchContext c)
    {
        var row = new RowResult
        {
            Name = Name, Workload = Describe(c), Target = $"p99 < {TargetP99Ms} ms", Outcome = RowOutcome.Fail, OursThreads = c.Threads, Device = "cpu",
            Unit = "ms",
        };
        try
        {
            Directory.CreateDirectory(c.Scratch);
            return [MeasureAsync(c, row).GetAwaiter().GetResult()];
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or TimeoutException)
        {
            return [row with { Note = $"the run failed: {e.Message}" }];
        }
    }

    /// <summary>Runs the measurement and fills in <paramref name="row"/> (outcome, value = p99 ms, note with the figures and the check).</summary>
    protected abstract Task<RowResult> MeasureAsync(BenchContext c, RowResult row);

    /// <summary>Met or not met against the target.</summary>
    protected RowOutcome Verdict(double? p99Ms) => p99Ms < TargetP99Ms ? RowOutcome.Met : RowOutcome.NotMet;
}
