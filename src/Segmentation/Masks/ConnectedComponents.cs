using SurgicalNav.Compute;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>
/// Connected-component labelling of binary masks (non-zero = foreground) with 6-, 18- or 26-connectivity, using runs
/// along x and union-find, plus the operations built on it: keep largest, remove small, fill holes.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>
    /// Labels the foreground (or, with <paramref name="background"/>, the zero voxels) in 3D, or per z slice when
    /// planar, with 6-, 18- or 26-connectivity.
    /// </summary>
    public static ComponentLabeling Label(Volume<byte> mask, bool background = false, bool planar = false, Connectivity connectivity = Connectivity.Six)
    {
        Int3 d = mask.Dimensions;
        int nx = d.X, ny = d.Y, nz = d.Z, rows = ny * nz;
        MaskRuns runs = MaskRuns.Find(mask.Data, d, background);
        runs.Connect(connectivity, planar);
        int runCount = runs.Count;
        int[] rowOffsets = runs.RowOffsets, runStart = runs.RunStart, runEnd = runs.RunEnd;

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
                int root = runs.Root(r);
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

    /// <summary>Keeps only the largest component; returns its size in voxels (0 when the mask is empty).</summary>
    public static long KeepLargest(Volume<byte> mask, Connectivity connectivity = Connectivity.Six)
    {
        ComponentLabeling labeling = Label(mask, connectivity: connectivity);
        int largest = labeling.Largest();
        Array.Clear(mask.Data);
        if (largest < 0) return 0;
        labeling.Paint(mask, c => c == largest, 1);
        return labeling.Sizes[largest];
    }

    /// <summary>Removes components smaller than minVoxels; returns how many components were kept.</summary>
    public static int RemoveSmallerThan(Volume<byte> mask, long minVoxels, Connectivity connectivity = Connectivity.Six)
    {
        ComponentLabeling labeling = Label(mask, connectivity: connectivity);
        Array.Clear(mask.Data);
        labeling.Paint(mask, c => labeling.Sizes[c] >= minVoxels, 1);
        return labeling.Sizes.Count(s => s >= minVoxels);
    }

    /// <summary>Removes components smaller than <paramref name="minMl"/> millilitres (voxel volume from the mask's spacing); returns how many were kept.</summary>
    public static int RemoveSmallerThanMl(Volume<byte> mask, double minMl, Connectivity connectivity = Connectivity.Six)
    {
        if (!double.IsFinite(minMl) || minMl < 0) throw new ArgumentOutOfRangeException(nameof(minMl), minMl, "give the smallest component to keep in mL, 0 or more");
        return RemoveSmallerThan(mask, (long)Math.Ceiling(minMl * 1000 / mask.Geometry.VoxelVolumeMm3 - 1e-9), connectivity);
    }

    /// <summary>Fills background regions that do not reach the grid edge: in 3D, or slice by slice when planar.</summary>
    public static void FillHoles(Volume<byte> mask, bool planar = false)
    {
        ComponentLabeling holes = Label(mask, background: true, planar: planar);
        holes.Paint(mask, c => !holes.TouchesBorder[c], 1);
    }
}
