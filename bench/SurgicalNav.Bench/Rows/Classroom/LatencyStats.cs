namespace SurgicalNav.Bench.Rows.Classroom;

/// <summary>Percentiles (nearest rank) of latencies in ms.</summary>
internal static class LatencyStats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
