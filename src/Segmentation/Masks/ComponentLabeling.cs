using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>
/// Connected components of a binary mask stored as runs of foreground along x. Each run belongs to one
/// component; components are numbered 0..Count-1 and carry their size in voxels.
/// </summary>
public sealed class ComponentLabeling
{
    internal ComponentLabeling(Int3 dimensions, int[] rowOffsets, int[] runStart, int[] runEnd, int[] runComponent, long[] sizes, bool[] touchesBorder)
    {
        Dimensions = dimensions;
        RowOffsets = rowOffsets;
        RunStart = runStart;
        RunEnd = runEnd;
        RunComponent = runComponent;
        Sizes = sizes;
        TouchesBorder = touchesBorder;
    }

    /// <summary>Grid dimensions the labelling was made on.</summary>
    public Int3 Dimensions { get; }

    /// <summary>Number of components.</summary>
    public int Count => Sizes.Length;

    /// <summary>Voxel count per component.</summary>
    public long[] Sizes { get; }

    /// <summary>True for components that reach the edge of the grid (used to tell holes from outside).</summary>
    public bool[] TouchesBorder { get; }

    internal int[] RowOffsets { get; }
    internal int[] RunStart { get; }
    internal int[] RunEnd { get; }
    internal int[] RunComponent { get; }

    /// <summary>Index of the largest component, or -1 when there are none.</summary>
    public int Largest()
    {
        int best = -1;
        for (int c = 0; c < Sizes.Length; c++) if (best < 0 || Sizes[c] > Sizes[best]) best = c;
        return best;
    }

    /// <summary>Per component: lowest and highest slice index (k) it occupies and its mean slice index (voxel-weighted).</summary>
    public (int MinK, int MaxK, double MeanK)[] SliceExtents()
    {
        var min = new int[Count];
        var max = new int[Count];
        var sum = new double[Count];
        Array.Fill(min, int.MaxValue);
        Array.Fill(max, -1);
        for (int row = 0; row < RowOffsets.Length - 1; row++)
        {
            int k = row / Dimensions.Y;
            for (int r = RowOffsets[row]; r < RowOffsets[row + 1]; r++)
            {
                int c = RunComponent[r];
                min[c] = Math.Min(min[c], k);
                max[c] = Math.Max(max[c], k);
                sum[c] += (double)k * (RunEnd[r] - RunStart[r]);
            }
        }
        return [.. Enumerable.Range(0, Count).Select(c => (min[c], max[c], sum[c] / Math.Max(Sizes[c], 1)))];
    }

    /// <summary>Per component: true when it reaches a side of the grid (first or last column or row of any slice); the top and bottom slices do not count.</summary>
    public bool[] TouchesSides()
    {
        var sides = new bool[Count];
        for (int row = 0; row < RowOffsets.Length - 1; row++)
        {
            int j = row % Dimensions.Y;
            bool edgeRow = j == 0 || j == Dimensions.Y - 1;
            for (int r = RowOffsets[row]; r < RowOffsets[row + 1]; r++)
            {
                if (edgeRow || RunStart[r] == 0 || RunEnd[r] == Dimensions.X) sides[RunComponent[r]] = true;
            }
        }
        return sides;
    }

    /// <summary>Per component: true when any of its voxels is non-zero in <paramref name="other"/> (same grid).</summary>
    public bool[] Touching(Volume<byte> other)
    {
        if (other.Dimensions != Dimensions) throw new ArgumentException("the other mask's grid differs from the labelled grid");
        var touching = new bool[Count];
        byte[] o = other.Data;
        for (int row = 0; row < RowOffsets.Length - 1; row++)
        {
            for (int r = RowOffsets[row]; r < RowOffsets[row + 1]; r++)
            {
                if (touching[RunComponent[r]]) continue;
                int start = row * Dimensions.X;
                if (o.AsSpan(start + RunStart[r], RunEnd[r] - RunStart[r]).ContainsAnyExcept((byte)0)) touching[RunComponent[r]] = true;
            }
        }
        return touching;
    }

    /// <summary>Writes <paramref name="value"/> into every voxel of the components for which keep is true; other voxels are untouched.</summary>
    public void Paint(Volume<byte> target, Func<int, bool> keep, byte value)
    {
        if (target.Dimensions != Dimensions) throw new ArgumentException("target grid differs from the labelled grid");
        var keepFlags = new bool[Count];
        for (int c = 0; c < Count; c++) keepFlags[c] = keep(c);
        int nx = Dimensions.X;
        byte[] data = target.Data;
        Parallel.For(0, Dimensions.Z, k =>
        {
            for (int row = k * Dimensions.Y; row < (k + 1) * Dimensions.Y; row++)
            {
                for (int r = RowOffsets[row]; r < RowOffsets[row + 1]; r++)
                {
                    if (keepFlags[RunComponent[r]]) data.AsSpan(row * nx + RunStart[r], RunEnd[r] - RunStart[r]).Fill(value);
                }
            }
        });
    }
}
