using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>
/// A place where volume operations run: the CPU (SIMD and threads) or an OpenCL device. Every operation
/// exists on every backend and gives the same result within the tolerance its summary states.
/// Operations take host volumes in and write host volumes out; source and destination must share dimensions
/// and may be the same volume. Instances are not meant to be called from several threads at once.
/// </summary>
public interface IComputeBackend : IDisposable
{
    /// <summary>"cpu" or "opencl", the value <c>--device</c> accepts.</summary>
    string Name { get; }

    /// <summary>Human-readable device description, for example "PoCL pthread-skylake..." or "CPU 2 threads AVX2".</summary>
    string Description { get; }

    /// <summary>
    /// Writes 1 to <paramref name="destination"/> where <paramref name="lowInclusive"/> &lt;= voxel &lt;= <paramref name="highInclusive"/>
    /// (voxel units, HU for CT) and 0 elsewhere. Exact on every backend.
    /// </summary>
    void Threshold(Volume<short> source, short lowInclusive, short highInclusive, Volume<byte> destination);

    /// <summary>
    /// Separable Gaussian smoothing with standard deviation <paramref name="sigmaMm"/> in patient mm, converted to
    /// voxels per axis with the volume's spacing; kernel radius ceil(3 sigma) voxels, normalised weights,
    /// clamp-to-edge borders, float accumulation, rounded to the nearest short (ties to even, saturated).
    /// Backends agree within 1 voxel unit (1 HU). A sigma of 0 copies the source.
    /// </summary>
    void GaussianSmooth(Volume<short> source, double sigmaMm, Volume<short> destination);
}
