using SurgicalNav.Compute;

namespace SurgicalNav.Bench.Harness;

/// <summary>What every row needs: the workload, the anchor process, the compute backend, settings and thread count.</summary>
internal sealed record BenchContext(Workload Work, AnchorClient? Anchor, IComputeBackend Backend, BenchOptions Options, int Threads, Action<string> Log)
{
    /// <summary>Scratch folder for anchor dumps and pipeline cases (under bench/work, never committed).</summary>
    public string Scratch => Path.Combine(Options.Root, "bench", "work", "scratch");
}
