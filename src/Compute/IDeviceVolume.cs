using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>
/// A volume that lives where a backend computes: device memory for OpenCL, a pooled host array for the CPU.
/// Operations on device volumes leave their results there, so a chain of operations copies nothing back until
/// <see cref="Download"/> is called. Made by <see cref="IComputeBackend.Upload{T}"/> or
/// <see cref="IComputeBackend.Allocate{T}"/>; usable only with the backend that made it. Dispose to free it.
/// </summary>
public interface IDeviceVolume<T> : IDisposable where T : unmanaged
{
    /// <summary>Grid and patient LPS placement (mm) of the voxels.</summary>
    ImageGeometry Geometry { get; }

    /// <summary>True when the voxels are in OpenCL device memory, false when they are in host memory (CPU backend or CPU fallback).</summary>
    bool OnDevice { get; }

    /// <summary>Copies every voxel into <paramref name="destination"/>, which must have the same dimensions.</summary>
    void Download(Volume<T> destination);

    /// <summary>Overwrites every voxel from <paramref name="source"/>, which must have the same dimensions.</summary>
    void Upload(Volume<T> source);
}
