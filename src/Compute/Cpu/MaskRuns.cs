using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// A binary mask as runs along x (foreground, or background when asked), joined into components with
/// union-find under 6-, 18- or 26-connectivity. Runs are numbered in linear (x fastest) order and a union keeps
/// the smaller run as root, so every component's root run holds its first voxel.
/// </summary>
public sealed class MaskRuns
{
    private readonly int[] _parent;

    private MaskRuns(Int3 dimensions, int[] rowOffsets, int[] runStart, int[] runEnd)
    {
        Dimensions = dimensions;
        RowOffsets = rowOffsets;
        RunStart = runStart;
        RunEnd = runEnd;
        _parent = new int[runStart.Length];
        for (int r = 0; r < _parent.Length; r++) _parent[r] = r;
    }

    /// <summary>Grid dimensions in voxels.</summary>
    public Int3 Dimensions { get; }

    /// <summary>Runs of row (j + k·ny) are RowOffsets[row] .. RowOffsets[row + 1] - 1.</summary>
    public int[] RowOffsets { get; }

    /// <summary>First x of each run.</summary>
    public int[] RunStart { get; }

    /// <summary>One past the last x of each run.</summary>
    public int[] RunEnd { get; }

    /// <summary>Number of runs.</summary>
    public int Count => RunStart.Length;

    /// <summary>Finds the runs of non-zero voxels (or of zero voxels when <paramref name="background"/>), slices in parallel.</summary>
    public static MaskRuns Find(ReadOnlySpan<byte> voxels, Int3 dims, bool background = false) => Find(voxels.ToArray(), dims, background);

    /// <summary>Same as the span form, reading the array without copying it.</summary>
    public static MaskRuns Find(byte[] data, Int3 dims, bool background = false)
    {
        int nx = dims.X, ny = dims.Y, nz = dims.Z, rows = ny * nz;
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
        var runStart = new int[rowOffsets[rows]];
        var runEnd = new int[rowOffsets[rows]];
        for (int k = 0; k < nz; k++)
        {
            sliceStarts[k].CopyTo(runStart, rowOffsets[k * ny]);
            sliceEnds[k].CopyTo(runEnd, rowOffsets[k * ny]);
        }
        return new MaskRuns(dims, rowOffsets, runStart, runEnd);
    }

    /// <summary>Joins touching runs; <paramref name="planar"/> joins only within each z slice.</summary>
    public void Connect(Connectivity connectivity, bool planar = false)
    {
        int ny = Dimensions.Y, nz = Dimensions.Z;
        // x-widening 1 lets runs touch along an edge or corner (diagonal in x); 0 needs a shared face.
        int inSlice = connectivity == Connectivity.Six ? 0 : 1;
        int below = connectivity == Connectivity.Six ? 0 : 1;
        for (int k = 0; k < nz; k++)
        {
            for (int j = 0; j < ny; j++)
            {
                int row = k * ny + j;
                if (j > 0) Join(row, row - 1, inSlice);
                if (k == 0 || planar) continue;
                Join(row, row - ny, below);
                if (connectivity == Connectivity.Six) continue;
                int diagonal = connectivity == Connectivity.TwentySix ? 1 : 0;
                if (j > 0) Join(row, row - ny - 1, diagonal);
                if (j < ny - 1) Join(row, row - ny + 1, diagonal);
            }
        }
        // Diagonal rows within one slice (j-1 and j+1 of the slice below) are covered above; in-slice j+1 is
        // reached when that row joins its own j-1.
    }

    /// <summary>The root run of a run's component (the component's first run in linear order).</summary>
    public int Root(int run)
    {
        int[] parent = _parent;
        while (parent[run] != run)
        {
            parent[run] = parent[parent[run]];
            run = parent[run];
        }
        return run;
    }

    /// <summary>The row (j + k·ny) that holds a run.</summary>
    public int RowOf(int run)
    {
        int row = Array.BinarySearch(RowOffsets, run);
        if (row < 0) return ~row - 1;
        // Several rows may share an offset when some are empty: the run is in the last of them.
        while (row + 1 < RowOffsets.Length && RowOffsets[row + 1] == run) row++;
        return row;
    }

    private void Join(int row, int other, int widen)
    {
        int a = RowOffsets[row], aEnd = RowOffsets[row + 1], b = RowOffsets[other], bEnd = RowOffsets[other + 1];
        while (a < aEnd && b < bEnd)
        {
            if (RunStart[a] < RunEnd[b] + widen && RunStart[b] < RunEnd[a] + widen) Union(a, b);
            if (RunEnd[a] < RunEnd[b]) a++;
            else b++;
        }
    }

    private void Union(int a, int b)
    {
        int ra = Root(a), rb = Root(b);
        if (ra == rb) return;
        if (ra < rb) _parent[rb] = ra;
        else _parent[ra] = rb;
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
}
