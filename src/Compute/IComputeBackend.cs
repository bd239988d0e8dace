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

    // ---- issue 4: device-resident volumes and segmentation operations (begin) ----
    // Every operation below runs on device volumes made by this backend; results stay on the device. Label
    // outputs are identical on every backend; float outputs agree within the tolerance each summary states.
    // Volume-in/Volume-out forms of these live in ComputeVolumeExtensions.

    /// <summary>Copies a host volume to this backend's memory (on OpenCL falls back to host memory, with a warning, when the device is out of memory).</summary>
    IDeviceVolume<T> Upload<T>(Volume<T> source) where T : unmanaged;

    /// <summary>A volume on this backend's memory with the given geometry; its voxels are undefined until an operation writes them.</summary>
    IDeviceVolume<T> Allocate<T>(ImageGeometry geometry) where T : unmanaged;

    /// <summary>Device form of <see cref="Threshold(Volume{short}, short, short, Volume{byte})"/>: 1 inside [low, high], else 0. Exact.</summary>
    void Threshold(IDeviceVolume<short> source, short lowInclusive, short highInclusive, IDeviceVolume<byte> destination);

    /// <summary>Label per band: band b (0-based) writes b+1, voxels in no band get 0. Bands must not overlap; at most 255. Exact.</summary>
    void ThresholdBands(IDeviceVolume<short> source, IReadOnlyList<IntensityBand> bands, IDeviceVolume<byte> destination);

    /// <summary>Device form of <see cref="GaussianSmooth(Volume{short}, double, Volume{short})"/>; backends agree within 1 HU.</summary>
    void GaussianSmooth(IDeviceVolume<short> source, double sigmaMm, IDeviceVolume<short> destination);

    /// <summary>
    /// Median over a box of half-widths round(radiusMm / spacing) voxels per axis (at most 125 voxels in the box),
    /// clamp-to-edge borders. Exact (identical on every backend). Source and destination must be different volumes.
    /// </summary>
    void Median(IDeviceVolume<short> source, double radiusMm, IDeviceVolume<short> destination);

    /// <summary>
    /// Exact Euclidean distance in mm between voxel centres, anisotropic spacing (separable lower envelope of
    /// parabolas). Unsigned: distance to the nearest set voxel (0 on the mask, +infinity when the mask is empty).
    /// Signed: additionally negative inside, minus the distance to the nearest clear voxel. Backends agree
    /// within 1e-4 mm (both compute in float with correctly rounded division and square root).
    /// </summary>
    void DistanceTransform(IDeviceVolume<byte> mask, bool signed, IDeviceVolume<float> destination);

    /// <summary>
    /// Binary morphology with a sphere of <paramref name="radiusMm"/> (voxel centres within the radius, anisotropic
    /// spacing), computed through the exact distance transform. Voxels past the grid edge count as neither set nor
    /// clear. Output is 0/1. Exact (identical on every backend).
    /// </summary>
    void Morphology(IDeviceVolume<byte> mask, MorphologyOperation operation, double radiusMm, IDeviceVolume<byte> destination);

    /// <summary>
    /// Connected components of the non-zero voxels: each set voxel gets 1 + the linear index (x fastest) of the
    /// first voxel of its component, clear voxels get 0. These labels are canonical, so they are identical on every
    /// backend; <see cref="ComponentLabels"/> turns them into 1..N with sizes.
    /// </summary>
    void LabelComponents(IDeviceVolume<byte> mask, Connectivity connectivity, IDeviceVolume<int> labels);
    // ---- issue 4 (end) ----

    // ---- issue 7: thermal simulation (begin) ----
    /// <summary>
    /// Advances <paramref name="problem"/> by <paramref name="steps"/> explicit Pennes steps of
    /// <see cref="BioheatProblem.TimeStepS"/> (forward Euler, 7-point stencil), updating its temperature (°C) and
    /// Arrhenius damage in place. Float arithmetic on every backend; backends agree within 1e-3 °C and 1e-3 relative damage.
    /// </summary>
    void Bioheat(BioheatProblem problem, int steps);
    // ---- issue 7 (end) ----
}
