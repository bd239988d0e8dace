using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

// Rank filters.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Median(IDeviceVolume<short> source, double radiusMm, IDeviceVolume<short> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        DeviceVolumeChecks.Distinct(source, destination, nameof(Median));
        Int3 r = DeviceVolumeChecks.MedianRadii(source.Geometry, radiusMm);
        short[] src = Host(source).Array, dst = Host(destination).Array;
        Int3 d = source.Geometry.Dimensions;
        Parallel.For(0, d.Z, k =>
        {
            Span<short> window = stackalloc short[DeviceVolumeChecks.MaxMedianBox];
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                int n = 0;
                for (int c = -r.Z; c <= r.Z; c++)
                {
                    int kk = Math.Clamp(k + c, 0, d.Z - 1);
                    for (int b = -r.Y; b <= r.Y; b++)
                    {
                        int row = (kk * d.Y + Math.Clamp(j + b, 0, d.Y - 1)) * d.X;
                        for (int a = -r.X; a <= r.X; a++) window[n++] = src[row + Math.Clamp(i + a, 0, d.X - 1)];
                    }
                }
                dst[(k * d.Y + j) * d.X + i] = Select(window[..n], n / 2);
            }
        });
    }

    /// <summary>The rank-th smallest value (Hoare's quickselect, in place); the order statistic is unique, so every backend agrees.</summary>
    private static short Select(Span<short> values, int rank)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            short pivot = values[(lo + hi) >> 1];
            int a = lo, b = hi;
            while (a <= b)
            {
                while (values[a] < pivot) a++;
                while (values[b] > pivot) b--;
                if (a <= b) { (values[a], values[b]) = (values[b], values[a]); a++; b--; }
            }
            if (rank <= b) hi = b;
            else if (rank >= a) lo = a;
            else return values[rank];
        }
        return values[rank];
    }
}
