namespace SurgicalNav.Bench.Harness;

/// <summary>What a row's verdict is. Only Met and NotMet carry a ratio.</summary>
internal enum RowOutcome
{
    /// <summary>Outputs agree and the target was reached.</summary>
    Met,

    /// <summary>Outputs agree and the target was missed.</summary>
    NotMet,

    /// <summary>Outputs disagree, or a side failed: no ratio is given.</summary>
    Fail,

    /// <summary>A measurement with no target and no anchor (the pipeline's time): no ratio.</summary>
    Measured,

    /// <summary>SurgicalNav has no implementation of this workload yet: no ratio is given.</summary>
    Missing,
}
