using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Metrics;

/// <summary>Overlap measures between a label map and a reference on the same grid.</summary>
public static class Overlap
{
    /// <summary>Dice coefficient 2|A∩B|/(|A|+|B|) of one label value in two label volumes; 1 when both are empty.</summary>
    public static double Dice(Volume<byte> result, byte resultValue, Volume<byte> reference, byte referenceValue)
    {
        if (!result.Geometry.SameGrid(reference.Geometry)) throw new ArgumentException("result and reference are on different grids; resample one first");
        byte[] a = result.Data, b = reference.Data;
        long both = 0, inA = 0, inB = 0;
        object gate = new();
        Parallel.For(0, result.Dimensions.Z, () => (0L, 0L, 0L), (k, _, acc) =>
        {
            int slice = result.Dimensions.X * result.Dimensions.Y;
            for (int n = k * slice; n < (k + 1) * slice; n++)
            {
                bool x = a[n] == resultValue, y = b[n] == referenceValue;
                if (x) acc.Item2++;
                if (y) acc.Item3++;
                if (x && y) acc.Item1++;
            }
            return acc;
        }, acc => { lock (gate) { both += acc.Item1; inA += acc.Item2; inB += acc.Item3; } });
        return inA + inB == 0 ? 1.0 : 2.0 * both / (inA + inB);
    }

    /// <summary>Dice per segment name present in both label maps, rounded to 4 decimals.</summary>
    public static IReadOnlyDictionary<string, double> DicePerSegment(LabelMap result, LabelMap reference)
    {
        var dice = new Dictionary<string, double>();
        foreach (SegmentInfo s in result.Segments.Segments)
        {
            SegmentInfo? r = reference.Segments.Find(s.Name);
            if (r is not null) dice[s.Name] = Math.Round(Dice(result.Labels, s.Value, reference.Labels, r.Value), 4);
        }
        return dice;
    }
}
