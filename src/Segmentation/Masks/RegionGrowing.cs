using SurgicalNav.Compute;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>Seeded region growing on a scalar volume, 6-connected.</summary>
public static class RegionGrowing
{
    private static readonly CpuBackend Cpu = new();

    /// <summary>
    /// Marks every voxel 6-connected to a seed through voxels with low &lt;= value &lt;= high (and non-zero in
    /// <paramref name="constraint"/> when given). Seeds are voxel indices. Runs on <paramref name="backend"/> (default
    /// the CPU); the result is identical on every backend. Returns the number of voxels grown.
    /// </summary>
    public static long Grow(Volume<short> image, IReadOnlyList<Int3> seeds, double low, double high, Volume<byte> output, Volume<byte>? constraint = null, IComputeBackend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        backend ??= Cpu;
        (short lo, short hi, bool empty) = Band(low, high);
        using IDeviceVolume<short> img = OnBackend(backend, image);
        using IDeviceVolume<byte>? con = constraint is null ? null : OnBackend(backend, constraint);
        using IDeviceVolume<byte> region = OnBackend(backend, output);
        if (empty) { Array.Clear(output.Data); return 0; }
        backend.GrowRegion(img, lo, hi, seeds, con, region);
        region.Download(output);
        return MaskOps.Count(output);
    }

    /// <summary>
    /// Confidence-connected growing (as in ITK): start from the seeds' neighbourhood statistics, grow within
    /// mean ± multiplier·σ (at least ± minHalfWidth), then re-estimate mean and σ from the grown region and grow again,
    /// <see cref="ConfidenceOptions.Iterations"/> times. Image, constraint and region stay on <paramref name="backend"/>
    /// (default the CPU) through every round; the region is identical on every backend. Returns the final interval (HU).
    /// </summary>
    public static (double Mean, double Low, double High) ConfidenceConnected(
        Volume<short> image, IReadOnlyList<Int3> seeds, Volume<byte> output, ConfidenceOptions options, Volume<byte>? constraint = null, IComputeBackend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        backend ??= Cpu;
        (double mean, double sd) = NeighbourhoodStats(image, seeds, options.InitialRadiusVoxels);
        using IDeviceVolume<short> img = OnBackend(backend, image);
        using IDeviceVolume<byte>? con = constraint is null ? null : OnBackend(backend, constraint);
        using IDeviceVolume<byte> region = OnBackend(backend, output);
        double low = 0, high = 0, usedMean = mean;
        for (int iteration = 0; iteration <= options.Iterations; iteration++)
        {
            double half = Math.Max(options.Multiplier * sd, options.MinHalfWidth);
            (low, high, usedMean) = (mean - half, mean + half, mean);
            (short lo, short hi, _) = Band(low, high);
            backend.GrowRegion(img, lo, hi, seeds, con, region);
            if (iteration == options.Iterations) break;
            MaskStatistics stats = backend.Statistics(img, region);
            if (stats.Count == 0) break;
            (mean, sd) = (stats.Mean, stats.StdDev);
        }
        region.Download(output);
        return (usedMean, low, high);
    }

    /// <summary>The integer voxel band inside [low, high]; empty when no integer lies in it.</summary>
    private static (short Low, short High, bool Empty) Band(double low, double high)
    {
        double lo = Math.Ceiling(Math.Max(low, short.MinValue)), hi = Math.Floor(Math.Min(high, short.MaxValue));
        return lo > hi ? ((short)0, (short)0, true) : ((short)lo, (short)hi, false);
    }

    /// <summary>The CPU works on the caller's array in place; other backends get a copy on their device.</summary>
    private static IDeviceVolume<T> OnBackend<T>(IComputeBackend backend, Volume<T> volume) where T : unmanaged =>
        backend is CpuBackend ? CpuBackend.Wrap(volume) : backend.Upload(volume);

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
}
