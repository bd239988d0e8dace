namespace SurgicalNav.Bench.Harness;

/// <summary>The honesty rules in one place: a ratio only when both sides ran and agreed.</summary>
internal static class Verdict
{
    /// <summary>
    /// Judges a timed row. <paramref name="disagreements"/> holds every mismatch found between the outputs (empty when
    /// they agree); <paramref name="targetSpeedup"/> is the anchor/ours ratio the row must reach.
    /// </summary>
    public static (RowOutcome Outcome, double? Ratio, string Note) Judge(
        IReadOnlyList<double> ours, IReadOnlyList<double> anchor, IReadOnlyList<string> disagreements, double targetSpeedup, string? anchorError = null)
    {
        if (anchorError is not null) return (RowOutcome.Fail, null, "anchor failed: " + anchorError);
        if (disagreements.Count > 0) return (RowOutcome.Fail, null, "outputs disagree: " + string.Join("; ", disagreements.Distinct()));
        if (ours.Count == 0 || anchor.Count == 0) return (RowOutcome.Fail, null, "no timed run completed");
        double ratio = Stats.Median(anchor) / Stats.Median(ours);
        return (ratio >= targetSpeedup ? RowOutcome.Met : RowOutcome.NotMet, ratio, "");
    }

    /// <summary>Compares two exact check values; returns a disagreement text or null.</summary>
    public static string? Exact(string what, double ours, double anchor) =>
        ours == anchor ? null : string.Create(CultureInfo.InvariantCulture, $"{what}: ours {ours:R}, anchor {anchor:R}");

    /// <summary>Compares two counts with a relative tolerance (0.25 = ±25 % of the anchor); returns a disagreement text or null.</summary>
    public static string? Within(string what, double ours, double anchor, double relative) =>
        Math.Abs(ours - anchor) <= relative * Math.Abs(anchor)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{what}: ours {ours:R}, anchor {anchor:R}, outside ±{relative:P0}");
}
