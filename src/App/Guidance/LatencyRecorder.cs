namespace SurgicalNav.App.Guidance;

/// <summary>Keeps the last <c>capacity</c> latencies in ms in a ring and reports percentiles; thread-safe.</summary>
public sealed class LatencyRecorder(int capacity = 8192)
{
    private readonly double[] _ring = new double[capacity];
    private long _count;

    /// <summary>Records one latency in ms.</summary>
    public void Add(double ms)
    {
        long n = Interlocked.Increment(ref _count) - 1;
        _ring[n % _ring.Length] = ms;
    }

    /// <summary>Latencies recorded in total.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The p-th percentile (0..100) in ms of the retained samples, or null when none.</summary>
    public double? Percentile(double p)
    {
        int n = (int)Math.Min(Count, _ring.Length);
        if (n == 0) return null;
        double[] copy = _ring[..n];
        Array.Sort(copy);
        return copy[Math.Clamp((int)Math.Ceiling(p / 100 * n) - 1, 0, n - 1)];
    }
}
