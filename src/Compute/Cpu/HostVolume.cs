using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// A device volume in host memory: either a pooled array (returned on dispose) or a caller's array wrapped
/// without copying. The CPU backend computes on these directly; the OpenCL backend uses them for its CPU fallback.
/// </summary>
internal sealed class HostVolume<T> : IDeviceVolume<T> where T : unmanaged
{
    private readonly bool _pooled;
    private T[]? _data;

    private HostVolume(ImageGeometry geometry, T[] data, bool pooled)
    {
        Geometry = geometry;
        _data = data;
        _pooled = pooled;
        Count = checked((int)geometry.VoxelCount);
    }

    /// <summary>A scratch array (<see cref="ScratchArray"/>) of at least the voxel count; its contents are undefined.</summary>
    public static HostVolume<T> Rent(ImageGeometry geometry) =>
        new(geometry, ScratchArray.Rent<T>(checked((int)geometry.VoxelCount)), pooled: true);

    /// <summary>Uses a caller's array (at least the voxel count long) without copying or returning it to the pool.</summary>
    public static HostVolume<T> Over(ImageGeometry geometry, T[] data) => new(geometry, data, pooled: false);

    /// <summary>Shares the volume's own array: writes through this handle change the volume.</summary>
    public static HostVolume<T> Wrap(Volume<T> volume) => new(volume.Geometry, volume.Data, pooled: false);

    /// <inheritdoc />
    public ImageGeometry Geometry { get; }

    /// <inheritdoc />
    public bool OnDevice => false;

    /// <summary>Number of voxels (the array may be longer).</summary>
    public int Count { get; }

    /// <summary>The backing array; only the first <see cref="Count"/> elements are voxels.</summary>
    public T[] Array => _data ?? throw new ObjectDisposedException(nameof(HostVolume<T>));

    /// <summary>The voxels.</summary>
    public Span<T> Span => Array.AsSpan(0, Count);

    /// <inheritdoc />
    public void Download(Volume<T> destination)
    {
        DeviceVolumeChecks.SameDimensions(Geometry, destination.Geometry, nameof(destination));
        Span.CopyTo(destination.Voxels);
    }

    /// <inheritdoc />
    public void Upload(Volume<T> source)
    {
        DeviceVolumeChecks.SameDimensions(Geometry, source.Geometry, nameof(source));
        if (!ReferenceEquals(source.Data, _data)) source.Voxels.CopyTo(Span);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pooled && _data is not null) ScratchArray.Return(_data);
        _data = null;
    }
}
