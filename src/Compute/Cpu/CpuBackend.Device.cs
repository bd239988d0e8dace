using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

// Device volumes on the CPU are host arrays: upload copies into a pooled array, operations work in place on it.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public IDeviceVolume<T> Upload<T>(Volume<T> source) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        HostVolume<T> volume = HostVolume<T>.Rent(source.Geometry);
        volume.Upload(source);
        return volume;
    }

    /// <inheritdoc />
    public IDeviceVolume<T> Allocate<T>(ImageGeometry geometry) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return HostVolume<T>.Rent(geometry);
    }

    /// <summary>
    /// A device volume that shares <paramref name="volume"/>'s array without copying (CPU only): operations
    /// writing to it change the volume. The cheapest way to run device operations on host data.
    /// </summary>
    public static IDeviceVolume<T> Wrap<T>(Volume<T> volume) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(volume);
        return HostVolume<T>.Wrap(volume);
    }

    /// <inheritdoc />
    public void Threshold(IDeviceVolume<short> source, short lowInclusive, short highInclusive, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        VolumeChecks.Range(lowInclusive, highInclusive);
        ThresholdCore(Host(source).Array, Host(destination).Array, source.Geometry.Dimensions, lowInclusive, highInclusive);
    }

    /// <inheritdoc />
    public void ThresholdBands(IDeviceVolume<short> source, IReadOnlyList<IntensityBand> bands, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        DeviceVolumeChecks.Bands(bands);
        short[] src = Host(source).Array;
        byte[] dst = Host(destination).Array;
        short[] lows = [.. bands.Select(b => b.Low)];
        short[] highs = [.. bands.Select(b => b.High)];
        int slice = source.Geometry.Dimensions.X * source.Geometry.Dimensions.Y;
        Parallel.For(0, source.Geometry.Dimensions.Z, k =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++)
            {
                short v = src[n];
                byte label = 0;
                for (int b = 0; b < lows.Length; b++)
                {
                    if (v >= lows[b] && v <= highs[b]) { label = (byte)(b + 1); break; }
                }
                dst[n] = label;
            }
        });
    }

    /// <inheritdoc />
    public void GaussianSmooth(IDeviceVolume<short> source, double sigmaMm, IDeviceVolume<short> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        VolumeChecks.Sigma(sigmaMm);
        GaussianCore(Host(source).Array, Host(destination).Array, source.Geometry, sigmaMm);
    }

    /// <summary>The host array behind a device volume; a volume from another backend is a caller error.</summary>
    internal static HostVolume<T> Host<T>(IDeviceVolume<T> volume) where T : unmanaged =>
        volume as HostVolume<T> ?? throw new ArgumentException(
            "this device volume belongs to another backend; upload it with the backend that runs the operation", nameof(volume));
}
