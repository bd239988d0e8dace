using SurgicalNav.Compute.Native;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.OpenCl;

/// <summary>A device volume in an OpenCL buffer owned by one <see cref="OpenClBackend"/>.</summary>
internal sealed class ClVolume<T> : IDeviceVolume<T> where T : unmanaged
{
    private ClMemHandle? _buffer;

    internal ClVolume(OpenClBackend owner, ImageGeometry geometry, ClMemHandle buffer, long bytes)
    {
        Owner = owner;
        Geometry = geometry;
        _buffer = buffer;
        Bytes = bytes;
    }

    /// <summary>The backend whose context holds the buffer.</summary>
    internal OpenClBackend Owner { get; }

    /// <summary>Size of the buffer in bytes.</summary>
    internal long Bytes { get; }

    /// <summary>The device buffer.</summary>
    internal ClMemHandle Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ClVolume<T>));

    /// <inheritdoc />
    public ImageGeometry Geometry { get; }

    /// <inheritdoc />
    public bool OnDevice => true;

    /// <inheritdoc />
    public void Download(Volume<T> destination)
    {
        DeviceVolumeChecks.SameDimensions(Geometry, destination.Geometry, nameof(destination));
        Owner.Read(this, destination.Voxels);
    }

    /// <inheritdoc />
    public void Upload(Volume<T> source)
    {
        DeviceVolumeChecks.SameDimensions(Geometry, source.Geometry, nameof(source));
        Owner.Write(this, source.Voxels);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is null) return;
        _buffer.Dispose();
        _buffer = null;
        Owner.Released(Bytes);
    }
}
