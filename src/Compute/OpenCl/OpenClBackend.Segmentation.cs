using SurgicalNav.Compute.Native;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.OpenCl;

// Operations on device volumes. Each runs on the device and falls back to the CPU backend when it cannot.
public sealed partial class OpenClBackend
{
    /// <inheritdoc />
    public void Threshold(IDeviceVolume<short> source, short lowInclusive, short highInclusive, IDeviceVolume<byte> destination)
    {
        VolumeChecks.Range(lowInclusive, highInclusive);
        long count = source.Geometry.VoxelCount;
        Run(nameof(Threshold), source, destination,
            (s, d) => Launch("threshold_s16", [count], s, d, lowInclusive, highInclusive, (int)count),
            (s, d) => Fallback.Threshold(s, lowInclusive, highInclusive, d));
    }

    /// <inheritdoc />
    public void ThresholdBands(IDeviceVolume<short> source, IReadOnlyList<IntensityBand> bands, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.Bands(bands);
        long count = source.Geometry.VoxelCount;
        short[] lows = [.. bands.Select(b => b.Low)];
        short[] highs = [.. bands.Select(b => b.High)];
        Run(nameof(ThresholdBands), source, destination, (s, d) =>
        {
            ClMemHandle lowBuffer = _buffers.Get("bandLows", lows.Length * sizeof(short));
            ClMemHandle highBuffer = _buffers.Get("bandHighs", highs.Length * sizeof(short));
            OpenClRuntime.Write<short>(_queue, lowBuffer, lows);
            OpenClRuntime.Write<short>(_queue, highBuffer, highs);
            Launch("threshold_bands_s16", [count], s, d, lowBuffer, highBuffer, lows.Length);
        }, (s, d) => Fallback.ThresholdBands(s, bands, d));
    }

    /// <inheritdoc />
    public void GaussianSmooth(IDeviceVolume<short> source, double sigmaMm, IDeviceVolume<short> destination)
    {
        VolumeChecks.Sigma(sigmaMm);
        Int3 dims = source.Geometry.Dimensions;
        Vec3 spacing = source.Geometry.SpacingMm;
        long count = dims.Count;
        Run(nameof(GaussianSmooth), source, destination, (s, d) =>
        {
            if (count == 0) return;
            ReadOnlySpan<long> range = [dims.X, dims.Y, dims.Z];
            ClMemHandle planeA = _buffers.Get("floatA", count * sizeof(float));
            ClMemHandle planeB = _buffers.Get("floatB", count * sizeof(float));
            // The source is read only by the first pass, so the destination may be the source.
            Pass(Kernel("gauss_s16_f32"), s, planeA, GaussianKernel.Weights(sigmaMm, spacing.X), axis: 0, range);
            Pass(Kernel("gauss_f32_f32"), planeA, planeB, GaussianKernel.Weights(sigmaMm, spacing.Y), axis: 1, range);
            Pass(Kernel("gauss_f32_s16"), planeB, d, GaussianKernel.Weights(sigmaMm, spacing.Z), axis: 2, range);
        }, (s, d) => Fallback.GaussianSmooth(s, sigmaMm, d));
    }

    /// <inheritdoc />
    public void Median(IDeviceVolume<short> source, double radiusMm, IDeviceVolume<short> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        DeviceVolumeChecks.Distinct(source, destination, nameof(Median));
        Int3 r = DeviceVolumeChecks.MedianRadii(source.Geometry, radiusMm);
        Int3 dims = source.Geometry.Dimensions;
        Run(nameof(Median), source, destination,
            (s, d) => { if (dims.Count > 0) Launch("median_s16", [dims.X, dims.Y, dims.Z], s, d, r.X, r.Y, r.Z); },
            (s, d) => Fallback.Median(s, radiusMm, d));
    }

    /// <inheritdoc />
    public void DistanceTransform(IDeviceVolume<byte> mask, bool signed, IDeviceVolume<float> destination)
    {
        ImageGeometry g = mask.Geometry;
        long count = g.VoxelCount;
        Run(nameof(DistanceTransform), mask, destination, (m, d) =>
        {
            if (count == 0) return;
            SquaredDistanceOnDevice(m, d, g, toSet: true);
            if (!signed)
            {
                Launch("edt_sqrt", [count], d);
                return;
            }
            ClMemHandle inside = _buffers.Get("edtInside", count * sizeof(float));
            SquaredDistanceOnDevice(m, inside, g, toSet: false);
            Launch("edt_signed", [count], m, d, inside);
        }, (m, d) => Fallback.DistanceTransform(m, signed, d));
    }

    /// <inheritdoc />
    public void Morphology(IDeviceVolume<byte> mask, MorphologyOperation operation, double radiusMm, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.RadiusMm(radiusMm);
        if (!Enum.IsDefined(operation)) throw new ArgumentOutOfRangeException(nameof(operation), operation, "use Dilate, Erode, Open or Close");
        ImageGeometry g = mask.Geometry;
        long count = g.VoxelCount;
        float r2 = (float)(radiusMm * radiusMm);
        Run(nameof(Morphology), mask, destination, (m, d) =>
        {
            if (count == 0) return;
            ClMemHandle d2 = _buffers.Get("edtD2", count * sizeof(float));
            void Dilate(ClMemHandle src)
            {
                SquaredDistanceOnDevice(src, d2, g, toSet: true);
                Launch("morph_dilate", [count], d2, d, r2);
            }
            void Erode(ClMemHandle src)
            {
                SquaredDistanceOnDevice(src, d2, g, toSet: false);
                Launch("morph_erode", [count], src, d2, d, r2);
            }
            switch (operation)
            {
                case MorphologyOperation.Dilate: Dilate(m); break;
                case MorphologyOperation.Erode: Erode(m); break;
                case MorphologyOperation.Open: Erode(m); Dilate(d); break;
                default: Dilate(m); Erode(d); break;
            }
        }, (m, d) => Fallback.Morphology(m, operation, radiusMm, d));
    }

    /// <inheritdoc />
    public void LabelComponents(IDeviceVolume<byte> mask, Connectivity connectivity, IDeviceVolume<int> labels)
    {
        if (!Enum.IsDefined(connectivity)) throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "use 6, 18 or 26");
        Int3 dims = mask.Geometry.Dimensions;
        long count = dims.Count;
        Run(nameof(LabelComponents), mask, labels, (m, l) =>
        {
            if (count == 0) return;
            LabelOnDevice(m, l, dims, (int)connectivity);
        }, (m, l) => Fallback.LabelComponents(m, connectivity, l));
    }

    /// <summary>Squared distances in mm² to the nearest set (or clear) voxel, written into <paramref name="f"/>.</summary>
    private void SquaredDistanceOnDevice(ClMemHandle mask, ClMemHandle f, ImageGeometry g, bool toSet)
    {
        Int3 dims = g.Dimensions;
        long count = dims.Count;
        int minAxis = Math.Max(1, Math.Min(dims.X, Math.Min(dims.Y, dims.Z)));
        ClMemHandle tmp = _buffers.Get("edtTmp", count * sizeof(float));
        ClMemHandle v = _buffers.Get("edtV", count * sizeof(int));
        ClMemHandle z = _buffers.Get("edtZ", (count + count / minAxis) * sizeof(float));
        Vec3 s = g.SpacingMm;
        Launch("edt_init", [count], mask, f, toSet ? 1 : 0);
        Launch("edt_pass", [dims.Y, dims.Z], f, tmp, v, z, 0, (float)(s.X * s.X), dims.X, dims.Y, dims.Z);
        Launch("edt_pass", [dims.X, dims.Z], f, tmp, v, z, 1, (float)(s.Y * s.Y), dims.X, dims.Y, dims.Z);
        Launch("edt_pass", [dims.X, dims.Y], f, tmp, v, z, 2, (float)(s.Z * s.Z), dims.X, dims.Y, dims.Z);
    }
}
