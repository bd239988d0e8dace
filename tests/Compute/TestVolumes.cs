using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests;

/// <summary>Volumes and scalar double-precision references the backend tests compare against.</summary>
internal static class TestVolumes
{
    public static Volume<short> Random(Int3 dims, Vec3 spacingMm, int seed, short min = -1024, short max = 3071)
    {
        var volume = new Volume<short>(ImageGeometry.Axial(dims, spacingMm, Vec3.Zero));
        var random = new Random(seed);
        Span<short> voxels = volume.Voxels;
        for (int n = 0; n < voxels.Length; n++) voxels[n] = (short)random.Next(min, max + 1);
        return volume;
    }

    public static Volume<short> Constant(Int3 dims, Vec3 spacingMm, short value)
    {
        var volume = new Volume<short>(ImageGeometry.Axial(dims, spacingMm, Vec3.Zero));
        volume.Voxels.Fill(value);
        return volume;
    }

    public static byte[] ThresholdReference(Volume<short> source, short low, short high) =>
        [.. source.Data.Select(v => (byte)(v >= low && v <= high ? 1 : 0))];

    /// <summary>Separable Gaussian in double precision, radius ceil(3 sigma) voxels, clamp-to-edge, normalised weights.</summary>
    public static double[] GaussianReference(Volume<short> source, double sigmaMm)
    {
        Int3 d = source.Dimensions;
        double[] data = [.. source.Data.Select(v => (double)v)];
        for (int axis = 0; axis < 3; axis++)
        {
            double sigma = sigmaMm / source.Geometry.SpacingMm[axis];
            int radius = (int)Math.Ceiling(3 * sigma);
            double[] w = new double[2 * radius + 1];
            for (int t = -radius; t <= radius; t++) w[t + radius] = radius == 0 ? 1 : Math.Exp(-0.5 * t * t / (sigma * sigma));
            double sum = w.Sum();
            for (int t = 0; t < w.Length; t++) w[t] /= sum;

            double[] output = new double[data.Length];
            int n = d[axis];
            for (int k = 0; k < d.Z; k++)
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                int pos = axis == 0 ? i : axis == 1 ? j : k;
                double acc = 0;
                for (int t = -radius; t <= radius; t++)
                {
                    int q = Math.Clamp(pos + t, 0, n - 1);
                    int ii = axis == 0 ? q : i, jj = axis == 1 ? q : j, kk = axis == 2 ? q : k;
                    acc += w[t + radius] * data[(kk * d.Y + jj) * d.X + ii];
                }
                output[(k * d.Y + j) * d.X + i] = acc;
            }
            data = output;
        }
        return data;
    }

    public static (int Index, double Difference) MaxAbsDifference(ReadOnlySpan<short> actual, ReadOnlySpan<double> expected)
    {
        (int index, double worst) = (-1, 0);
        for (int n = 0; n < actual.Length; n++)
        {
            double diff = Math.Abs(actual[n] - expected[n]);
            if (diff > worst) (index, worst) = (n, diff);
        }
        return (index, worst);
    }
}
