using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>Seeded region growing on a scalar volume, 6-connected.</summary>
public static class RegionGrowing
{
    /// <summary>
    /// Marks every voxel 6-connected to a seed through voxels with low &lt;= value &lt;= high (and non-zero in
    /// <paramref name="constraint"/> when given). Seeds are voxel indices. Returns the number of voxels grown.
    /// </summary>
    public static long Grow(Volume<short> image, IReadOnlyList<Int3> seeds, double low, double high, Volume<byte> output, Volume<byte>? constraint = null)
    {
        Int3 d = image.Dimensions;
        int nx = d.X, ny = d.Y, nz = d.Z, slice = nx * ny;
        short[] v = image.Data;
        byte[] o = output.Data;
        byte[]? c = constraint?.Data;
        Array.Clear(o);
        var queue = new Queue<int>(1 << 16);
        foreach (Int3 s in seeds)
        {
            int n = (int)image.Geometry.Linear(s.X, s.Y, s.Z);
            if (o[n] != 0 || v[n] < low || v[n] > high || (c is not null && c[n] == 0)) continue;
            o[n] = 1;
            queue.Enqueue(n);
        }
        long count = queue.Count;
        while (queue.Count > 0)
        {
            int n = queue.Dequeue();
            int i = n % nx, j = n / nx % ny, k = n / slice;
            if (i > 0) Visit(n - 1);
            if (i < nx - 1) Visit(n + 1);
            if (j > 0) Visit(n - nx);
            if (j < ny - 1) Visit(n + nx);
            if (k > 0) Visit(n - slice);
            if (k < nz - 1) Visit(n + slice);
        }
        return count;

        void Visit(int m)
        {
            if (o[m] != 0) return;
            short value = v[m];
            if (value < low || value > high || (c is not null && c[m] == 0)) return;
            o[m] = 1;
            queue.Enqueue(m);
            count++;
        }
    }

    /// <summary>
    /// Confidence-connected growing (as in ITK): start from the seeds' neighbourhood statistics, grow within
    /// mean ± multiplier·σ (at least ± minHalfWidth), then re-estimate mean and σ from the region and grow again.
    /// Returns the final interval used.
    /// </summary>
    public static (double Mean, double Low, double High) ConfidenceConnected(
        Volume<short> image, IReadOnlyList<Int3> seeds, Volume<byte> output, ConfidenceOptions options, Volume<byte>? constraint = null)
    {
        (double mean, double sd) = NeighbourhoodStats(image, seeds, options.InitialRadiusVoxels);
        double low = 0, high = 0;
        for (int iteration = 0; iteration <= options.Iterations; iteration++)
        {
            double half = Math.Max(options.Multiplier * sd, options.MinHalfWidth);
            low = mean - half;
            high = mean + half;
            long grown = Grow(image, seeds, low, high, output, constraint);
            if (grown == 0 || iteration == options.Iterations) break;
            (mean, sd) = MaskStats(image, output);
        }
        return (mean, low, high);
    }

    /// <summary>Mean and standard deviation of the voxels within radius (in voxels, a cube) of the seeds.</summary>
    public static (double Mean, double StdDev) NeighbourhoodStats(Volume<short> image, IReadOnlyList<Int3> seeds, int radius)
    {
        double sum = 0, sum2 = 0;
        long n = 0;
        foreach (Int3 s in seeds)
        {
            for (int k = s.Z - radius; k <= s.Z + radius; k++)
            for (int j = s.Y - radius; j <= s.Y + radius; j++)
            for (int i = s.X - radius; i <= s.X + radius; i++)
            {
                if (!image.Geometry.Contains(i, j, k)) continue;
                double x = image[i, j, k];
                sum += x; sum2 += x * x; n++;
            }
        }
        double mean = sum / Math.Max(n, 1);
        return (mean, Math.Sqrt(Math.Max(sum2 / Math.Max(n, 1) - mean * mean, 0)));
    }

    /// <summary>Mean and standard deviation of image values where mask is non-zero.</summary>
    public static (double Mean, double StdDev) MaskStats(Volume<short> image, Volume<byte> mask)
    {
        short[] v = image.Data;
        byte[] m = mask.Data;
        double sum = 0, sum2 = 0;
        long n = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (m[i] == 0) continue;
            double x = v[i];
            sum += x; sum2 += x * x; n++;
        }
        double mean = sum / Math.Max(n, 1);
        return (mean, Math.Sqrt(Math.Max(sum2 / Math.Max(n, 1) - mean * mean, 0)));
    }
}
