namespace SurgicalNav.Bench.Harness;

/// <summary>Robust summaries of repeated timings.</summary>
internal static class Stats
{
    /// <summary>The median (mean of the middle two for an even count); throws on an empty list.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("the median of no values is undefined; run at least one repetition", nameof(values));
        double[] sorted = [.. values];
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
