namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// A monotone bucket queue of candidate edge collapses keyed by cost (mm², never negative): the bucket is the
/// top 16 bits of the cost's IEEE double (sign, exponent, 4 mantissa bits), so costs within about 6% share a
/// bucket and come out last in, first out. Appends land in a few hot arrays instead of sifting through a
/// binary heap of millions of entries, which on a 2.5M-triangle mesh was most of the decimation time.
/// Stale entries are skipped by the caller (lazy deletion).
/// </summary>
internal sealed class EdgeBucketQueue
{
    private const int BucketCount = 1 << 16;
    private readonly Entry[]?[] _buckets = new Entry[]?[BucketCount];
    private readonly int[] _counts = new int[BucketCount];
    private int _lowest = BucketCount;

    /// <summary>One queued collapse: edge u-v, the vertices' stamps when it was queued, and its cost in mm².</summary>
    public readonly record struct Entry(int U, int V, int StampU, int StampV, double Cost);

    /// <summary>Queues an edge; cost must be 0 or more (NaN and infinity go to the last buckets).</summary>
    public void Push(in Entry entry)
    {
        int key = (int)((ulong)BitConverter.DoubleToInt64Bits(Math.Max(0, entry.Cost)) >> 48);
        Entry[]? bucket = _buckets[key];
        int count = _counts[key];
        if (bucket is null) _buckets[key] = bucket = new Entry[16];
        else if (count == bucket.Length) { Array.Resize(ref bucket, count * 2); _buckets[key] = bucket; }
        bucket[count] = entry;
        _counts[key] = count + 1;
        if (key < _lowest) _lowest = key;
    }

    /// <summary>Takes an entry from the cheapest non-empty bucket; false when empty.</summary>
    public bool TryPop(out Entry entry)
    {
        while (_lowest < BucketCount && _counts[_lowest] == 0) _lowest++;
        if (_lowest == BucketCount)
        {
            entry = default;
            return false;
        }
        entry = _buckets[_lowest]![--_counts[_lowest]];
        return true;
    }
}
