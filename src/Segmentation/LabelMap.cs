using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation;

/// <summary>One byte per voxel on an image's geometry, plus the table that names each value.</summary>
public sealed class LabelMap
{
    /// <summary>Wraps label voxels and their segment table.</summary>
    public LabelMap(Volume<byte> labels, SegmentTable segments)
    {
        Labels = labels;
        Segments = segments;
    }

    /// <summary>Creates an all-background label map on a geometry.</summary>
    public static LabelMap Empty(ImageGeometry geometry, SegmentTable segments) =>
        new(new Volume<byte>(geometry, new byte[geometry.VoxelCount]), segments);

    /// <summary>The label voxels; 0 is background.</summary>
    public Volume<byte> Labels { get; }

    /// <summary>The segments that values map to.</summary>
    public SegmentTable Segments { get; }

    /// <summary>Geometry of the label grid.</summary>
    public ImageGeometry Geometry => Labels.Geometry;

    /// <summary>Voxel count per label value (index = value).</summary>
    public long[] Histogram()
    {
        var counts = new long[256];
        ReadOnlySpan<byte> voxels = Labels.Voxels;
        // Per-z-slab partial histograms keep this parallel without contention.
        int nz = Labels.Dimensions.Z, slice = Labels.Dimensions.X * Labels.Dimensions.Y;
        byte[] data = Labels.Data;
        object gate = new();
        Parallel.For(0, nz, () => new long[256], (k, _, local) =>
        {
            foreach (byte v in data.AsSpan(k * slice, slice)) local[v]++;
            return local;
        }, local => { lock (gate) for (int v = 0; v < 256; v++) counts[v] += local[v]; });
        return counts;
    }

    /// <summary>A binary mask (1 where the label equals <paramref name="value"/>, else 0) on the same grid.</summary>
    public Volume<byte> MaskOf(byte value)
    {
        var mask = new Volume<byte>(Geometry);
        byte[] l = Labels.Data, m = mask.Data;
        int slice = Geometry.Dimensions.X * Geometry.Dimensions.Y;
        Parallel.For(0, Geometry.Dimensions.Z, k =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++) m[n] = l[n] == value ? (byte)1 : (byte)0;
        });
        return mask;
    }

    /// <summary>Volume of a segment in millilitres.</summary>
    public double VolumeMl(byte value) => Histogram()[value] * Geometry.VoxelVolumeMm3 / 1000.0;
}
