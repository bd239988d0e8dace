using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Finds the voxel bounding box of one label value; rows are scanned with vectorised IndexOf.</summary>
internal static class LabelBounds
{
    /// <summary>Inclusive voxel index bounds (min, max) of voxels equal to value, or null when there are none.</summary>
    public static (Int3 Min, Int3 Max)? Find(Volume<byte> labels, byte value)
    {
        int nx = labels.Dimensions.X, ny = labels.Dimensions.Y, nz = labels.Dimensions.Z;
        byte[] data = labels.Data;
        // Per-slice results, reduced afterwards, keep the parallel loop free of shared writes.
        var sliceMin = new int[nz * 2];
        var sliceMax = new int[nz * 2];
        var present = new bool[nz];
        Parallel.For(0, nz, k =>
        {
            int minX = int.MaxValue, maxX = -1, minY = int.MaxValue, maxY = -1;
            for (int j = 0; j < ny; j++)
            {
                ReadOnlySpan<byte> row = data.AsSpan((k * ny + j) * nx, nx);
                int first = row.IndexOf(value);
                if (first < 0) continue;
                int last = row.LastIndexOf(value);
                if (first < minX) minX = first;
                if (last > maxX) maxX = last;
                if (j < minY) minY = j;
                maxY = j;
            }
            if (maxX < 0) return;
            present[k] = true;
            sliceMin[2 * k] = minX; sliceMin[2 * k + 1] = minY;
            sliceMax[2 * k] = maxX; sliceMax[2 * k + 1] = maxY;
        });
        int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
        for (int k = 0; k < nz; k++)
        {
            if (!present[k]) continue;
            x0 = Math.Min(x0, sliceMin[2 * k]); y0 = Math.Min(y0, sliceMin[2 * k + 1]);
            x1 = Math.Max(x1, sliceMax[2 * k]); y1 = Math.Max(y1, sliceMax[2 * k + 1]);
            z0 = Math.Min(z0, k); z1 = k;
        }
        return z1 < 0 ? null : (new Int3(x0, y0, z0), new Int3(x1, y1, z1));
    }
}
