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

    /// <summary>
    /// Edge-preserving bilateral filter: each voxel becomes the weighted mean of its box neighbours, weight
    /// exp(-d²/2σs²)·exp(-ΔI²/2σr²) with d the distance between voxel centres in mm (anisotropic spacing) and ΔI the
    /// difference in voxel units (HU for CT). Box half-widths ceil(2σs / spacing) voxels per axis (at most 9x9x9),
    /// range weights cut to 0 past 4σr, clamp-to-edge borders, float accumulation, rounded to the nearest short.
    /// Both weight tables are computed once in double and shared, so backends agree within 1 HU.
    /// Source and destination must be different volumes.
    /// </summary>
    void Bilateral(IDeviceVolume<short> source, double spatialSigmaMm, double rangeSigmaHu, IDeviceVolume<short> destination);

    /// <summary>
    /// Fills holes: clear voxels that cannot reach the grid edge through clear voxels become 1, set voxels stay 1.
    /// 3D uses 6-connected background and the six faces of the grid; <paramref name="planar"/> works slice by slice
    /// (axial, 4-connected in the slice, edges of the slice). Output is 0/1. Exact (identical on every backend).
    /// </summary>
    void FillHoles(IDeviceVolume<byte> mask, bool planar, IDeviceVolume<byte> destination);

    /// <summary>
    /// Seeded region growing: 1 for every voxel 6-connected to a seed (voxel indices) through voxels with
    /// <paramref name="lowInclusive"/> &lt;= value &lt;= <paramref name="highInclusive"/> that are non-zero in
    /// <paramref name="constraint"/> (when given), else 0. Seeds outside the band or constraint grow nothing; a seed
    /// outside the grid throws naming it. Exact (identical on every backend).
    /// </summary>
    void GrowRegion(IDeviceVolume<short> image, short lowInclusive, short highInclusive, IReadOnlyList<Int3> seeds, IDeviceVolume<byte>? constraint, IDeviceVolume<byte> destination);

    /// <summary>Count, mean and standard deviation (population) of the image's voxel values (HU for CT) where the mask is non-zero. Sums are exact 64-bit integers on every backend.</summary>
    MaskStatistics Statistics(IDeviceVolume<short> image, IDeviceVolume<byte> mask);

    /// <summary>
    /// Multi-label GrowCut in its shortest-path form ("grow from seeds" as in 3D Slicer): every voxel takes the label
    /// of the seed nearest in geodesic distance, a 6-connected step costing 1 + min(|ΔI|, 254) (voxel units, HU),
    /// ties to the lower label. <paramref name="seeds"/> holds the seed label per voxel (0..254, 0 = background, which
    /// competes like any label) or <see cref="GrowCutNoSeed"/>. Voxels no seed reaches, or reached only by paths costing
    /// more than <see cref="GrowCutMaxDistance"/>, get 0. Exact (identical on every backend).
    /// </summary>
    void GrowCut(IDeviceVolume<short> image, IDeviceVolume<byte> seeds, IDeviceVolume<byte> labels);

    /// <summary>Seed-volume value meaning "no seed here" for <see cref="GrowCut"/>.</summary>
    const byte GrowCutNoSeed = 255;

    /// <summary>Largest geodesic distance <see cref="GrowCut"/> represents (24 bits: distance and label share one 32-bit key on the device).</summary>
    const int GrowCutMaxDistance = (1 << 24) - 2;
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
