namespace SurgicalNav.Bench.Rows;

/// <summary>Check values of a binary mask that both sides compute the same way: set voxels and the sum of their linear indices.</summary>
internal static class MaskChecks
{
    public static Dictionary<string, double> Of(byte[] mask)
    {
        long count = 0, indexSum = 0;
        object gate = new();
        Parallel.For(0, mask.Length / 65536 + 1, () => (0L, 0L), (block, _, acc) =>
        {
            int end = Math.Min(mask.Length, (block + 1) * 65536);
            for (int n = block * 65536; n < end; n++)
            {
                if (mask[n] == 0) continue;
                acc.Item1++;
                acc.Item2 += n;
            }
            return acc;
        }, acc => { lock (gate) { count += acc.Item1; indexSum += acc.Item2; } });
        return new Dictionary<string, double> { ["count"] = count, ["index_sum"] = indexSum };
    }

    public static IEnumerable<string> Compare(IReadOnlyDictionary<string, double> ours, Harness.AnchorReply reply)
    {
        foreach (string key in new[] { "count", "index_sum" })
        {
            if (Harness.Verdict.Exact(key, ours[key], reply.Value(key)) is string d) yield return d;
        }
    }
}
