using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server;

/// <summary>
/// Downsamples volumes by an integer factor for the client (slices and the VR volume texture). The new grid's
/// voxel centres sit at the centres of the factor³ blocks, so patient positions stay exact.
/// </summary>
public static class VolumePyramid
{
    /// <summary>The grid of a volume downsampled by <paramref name="factor"/>: ceil(dims/factor), spacing × factor, origin at the first block's centre.</summary>
    public static ImageGeometry Geometry(ImageGeometry g, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        Int3 d = g.Dimensions;
        var dims = new Int3((d.X + factor - 1) / factor, (d.Y + factor - 1) / factor, (d.Z + factor - 1) / factor);
        double c = (factor - 1) / 2.0;
        return g with { Dimensions = dims, SpacingMm = g.SpacingMm * factor, OriginMm = g.IndexToPatient(c, c, c) };
    }

    /// <summary>Block mean (HU): each output voxel is the mean of the input voxels in its block (partial blocks at the edges use what exists).</summary>
    public static Volume<short> MeanDown(Volume<short> source, int factor)
    {
        if (factor == 1) return source;
        var target = new Volume<short>(Geometry(source.Geometry, factor));
        Int3 sd = source.Dimensions, td = target.Dimensions;
        short[] src = source.Data, dst = target.Data;
        Parallel.For(0, td.Z, k =>
        {
            for (int j = 0; j < td.Y; j++)
            {
                for (int i = 0; i < td.X; i++)
                {
                    long sum = 0;
                    int n = 0;
                    for (int z = k * factor; z < Math.Min((k + 1) * factor, sd.Z); z++)
                        for (int y = j * factor; y < Math.Min((j + 1) * factor, sd.Y); y++)
                        {
                            long row = ((long)z * sd.Y + y) * sd.X;
                            for (int x = i * factor; x < Math.Min((i + 1) * factor, sd.X); x++) { sum += src[row + x]; n++; }
                        }
                    dst[((long)k * td.Y + j) * td.X + i] = (short)Math.Round((double)sum / n);
                }
            }
        });
        return target;
    }

    /// <summary>Nearest label: the input voxel nearest each block's centre (labels cannot be averaged).</summary>
    public static Volume<byte> NearestDown(Volume<byte> source, int factor)
    {
        if (factor == 1) return source;
        var target = new Volume<byte>(Geometry(source.Geometry, factor));
        Int3 sd = source.Dimensions, td = target.Dimensions;
        int half = factor / 2;
        Parallel.For(0, td.Z, k =>
        {
            int z = Math.Min(k * factor + half, sd.Z - 1);
            for (int j = 0; j < td.Y; j++)
            {
                int y = Math.Min(j * factor + half, sd.Y - 1);
                for (int i = 0; i < td.X; i++)
                {
                    target[i, j, k] = source[Math.Min(i * factor + half, sd.X - 1), y, z];
                }
            }
        });
        return target;
    }
}
