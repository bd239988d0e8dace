using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>
/// Connected-component labelling of binary masks (non-zero = foreground) with 6-connectivity, using runs
/// along x and union-find, plus the operations built on it: keep largest, remove small, fill holes.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the foreground (or, with <paramref name="background"/>, the zero voxels) in 3D, or per z slice when planar.</summary>
    public static ComponentLabeling Label(Volume<byte> mask, bool background = false, bool planar = false)
    {
        Int3 d = mask.Dimensions;
        int nx = d.X, ny = d.Y, nz = d.Z, rows = ny * nz;
        byte[] data = mask.Data;

        // Pass 1: runs per slice in parallel, then concatenated in row order.
        var sliceStarts = new List<int>[nz];
        var sliceEnds = new List<int>[nz];
        var rowCounts = new int[rows + 1];
        Parallel.For(0, nz, k =>
        {
            var starts = new List<int>();
            var ends = new List<int>();
            for (int j = 0; j < ny; j++)
            {
                ReadOnlySpan<byte> row = data.AsSpan((k * ny + j) * nx, nx);
                int before = starts.Count;
                int i = 0;
                while (i < nx)
                {
                    // Foreground runs are non-zero stretches; background runs are zero stretches.
                    int start = background ? IndexOfZero(row, i) : IndexOfNonZero(row, i);
                    if (start < 0) break;
                    int end = background ? IndexOfNonZero(row, start) : IndexOfZero(row, start);
                    if (end < 0) end = nx;
                    starts.Add(start);
                    ends.Add(end);
                    i = end;
                }
                rowCounts[k * ny + j + 1] = starts.Count - before;
            }
            sliceStarts[k] = starts;
            sliceEnds[k] = ends;
        });
        var rowOffsets = new int[rows + 1];
        for (int r = 0; r < rows; r++) rowOffsets[r + 1] = rowOffsets[r] + rowCounts[r + 1];
        int runCount = rowOffsets[rows];
        var runStart = new int[runCount];
        var runEnd = new int[runCount];
        for (int k = 0; k < nz; k++)
        {
            sliceStarts[k].CopyTo(runStart, rowOffsets[k * ny]);
            sliceEnds[k].CopyTo(runEnd, rowOffsets[k * ny]);
        }

        // Pass 2: union runs that overlap the row above (j-1) and the slice below (k-1).
        var parent = new int[runCount];
        for (int r = 0; r < runCount; r++) parent[r] = r;
        for (int k = 0; k < nz; k++)
        {
            for (int j = 0; j < ny; j++)
            {
                int row = k * ny + j;
                if (j > 0) UnionOverlapping(row, row - 1, rowOffsets, runStart, runEnd, parent);
                if (k > 0 && !planar) UnionOverlapping(row, row - ny, rowOffsets, runStart, runEnd, parent);
            }
        }

        // Pass 3: compact roots into component ids with sizes and border contact.
        var rootToComponent = new int[runCount];
        Array.Fill(rootToComponent, -1);
        var runComponent = new int[runCount];
        var sizes = new List<long>();
        var border = new List<bool>();
        for (int row = 0; row < rows; row++)
        {
            int j = row % ny, k = row / ny;
            bool edgeRow = j == 0 || j == ny - 1 || (!planar && (k == 0 || k == nz - 1));
            for (int r = rowOffsets[row]; r < rowOffsets[row + 1]; r++)
            {
                int root = Find(parent, r);
                int c = rootToComponent[root];
                if (c < 0)
                {
                    c = rootToComponent[root] = sizes.Count;
                    sizes.Add(0);
                    border.Add(false);
                }
                runComponent[r] = c;
                sizes[c] += runEnd[r] - runStart[r];
                if (edgeRow || runStart[r] == 0 || runEnd[r] == nx) border[c] = true;
            }
        }
        return new ComponentLabeling(d, rowOffsets, runStart, runEnd, runComponent, [.. sizes], [.. border]);
    }

    /// <summary>Keeps only the largest 6-connected component; returns its size in voxels (0 when the mask is empty).</summary>
    public static long KeepLargest(Volume<byte> mask)
    {
        ComponentLabeling labeling = Label(mask);
        int largest = labeling.Largest();
        Array.Clear(mask.Data);
        if (largest < 0) return 0;
        labeling.Paint(mask, c => c == largest, 1);
        return labeling.Sizes[largest];
    }

    /// <summary>Removes components smaller than minVoxels; returns how many components were kept.</summary>
    public static int RemoveSmallerThan(Volume<byte> mask, long minVoxels)
    {
        ComponentLabeling labeling = Label(mask);
        Array.Clear(mask.Data);
        labeling.Paint(mask, c => labeling.Sizes[c] >= minVoxels, 1);
        return labeling.Sizes.Count(s => s >= minVoxels);
    }

    /// <summary>Fills background regions that do not reach the grid edge: in 3D, or slice by slice when planar.</summary>
    public static void FillHoles(Volume<byte> mask, bool planar = false)
    {
        ComponentLabeling holes = Label(mask, background: true, planar: planar);
        holes.Paint(mask, c => !holes.TouchesBorder[c], 1);
    }

    private static int IndexOfNonZero(ReadOnlySpan<byte> row, int from)
    {
        int n = row[from..].IndexOfAnyExcept((byte)0);
        return n < 0 ? -1 : from + n;
    }

    private static int IndexOfZero(ReadOnlySpan<byte> row, int from)
    {
        int n = row[from..].IndexOf((byte)0);
        return n < 0 ? -1 : from + n;
    }

    private static void UnionOverlapping(int row, int other, int[] offsets, int[] start, int[] end, int[] parent)
    {
        int a = offsets[row], aEnd = offsets[row + 1], b = offsets[other], bEnd = offsets[other + 1];
        while (a < aEnd && b < bEnd)
        {
            if (start[a] < end[b] && start[b] < end[a]) Union(parent, a, b);
            if (end[a] < end[b]) a++;
            else b++;
        }
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra;
        else parent[ra] = rb;
    }
}
