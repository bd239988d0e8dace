namespace SurgicalNav.Bench.Harness;

/// <summary>
/// One workload compared side by side. A new row is a subclass with a name, a workload text, the anchors, our
/// operation (timed inside, set-up outside) and a comparison; add it to <see cref="Rows.RowCatalog"/>.
/// </summary>
internal abstract class BenchRow
{
    /// <summary>Short name for --only and the table.</summary>
    public abstract string Name { get; }

    /// <summary>What runs, on what input, for the table.</summary>
    public abstract string Describe(BenchContext c);

    /// <summary>The anchor/ours ratio this row must reach (1 = at least as fast as the anchor).</summary>
    public virtual double TargetSpeedup => 1.0;

    /// <summary>Non-null when SurgicalNav has no implementation yet: the row is marked missing, with no ratio.</summary>
    public virtual string? Missing => null;

    /// <summary>True when our side runs on the selected compute backend (CPU or OpenCL); false for CPU-only code.</summary>
    public virtual bool UsesBackend => false;

    /// <summary>True for rows that --quick runs.</summary>
    public virtual bool InQuick => true;

    /// <summary>The anchors; the first is the one the ratio is taken against.</summary>
    public abstract IReadOnlyList<AnchorSpec> Anchors(BenchContext c);

    /// <summary>Runs our side once and returns the operation's seconds (measured inside, excluding set-up).</summary>
    public abstract OursRun Ours(BenchContext c);

    /// <summary>
    /// Compares our output with an anchor's; returns the mismatches (empty when they agree). dumpPath is the file the
    /// anchor wrote its output to on the checked run, or null.
    /// </summary>
    public abstract IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath);

    /// <summary>What the agreement check is, stated in the results.</summary>
    public abstract string CheckText { get; }

    /// <summary>Figures worth printing beside the verdict (for example both triangle counts); empty by default.</summary>
    public virtual string Detail(OursRun ours, AnchorReply primary) => "";

    /// <summary>Runs the row; the default alternates ours and the anchors (see <see cref="BenchRunner"/>).</summary>
    public virtual IEnumerable<RowResult> Run(BenchContext c) => [BenchRunner.Run(this, c)];

    /// <summary>Frees what the row kept between runs.</summary>
    public virtual void Release()
    {
    }
}
