using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Rows whose SurgicalNav side does not exist in this tree yet. They time only their anchors (once) so the bar is on
/// record; each gets a real implementation when its branch lands: replace Missing and Ours, and add Compare.
/// </summary>
internal abstract class MissingRow : BenchRow
{
    public override OursRun Ours(BenchContext c) => throw new InvalidOperationException($"{Name}: {Missing}");

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) => [];
}
