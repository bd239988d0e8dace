using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>
/// Host-volume forms of the device operations: upload, run, download. Convenient for one-off calls; for a chain
/// of operations keep <see cref="IDeviceVolume{T}"/>s and download only the result.
/// </summary>
public static class ComputeVolumeExtensions
{
    /// <summary>Label per band (b+1), 0 elsewhere; see <see cref="IComputeBackend.ThresholdBands"/>.</summary>
    public static void ThresholdBands(this IComputeBackend backend, Volume<short> source, IReadOnlyList<IntensityBand> bands, Volume<byte> destination) =>
        Apply(backend, source, destination, (s, d) => backend.ThresholdBands(s, bands, d));

    /// <summary>Median over a box of radius in mm; see <see cref="IComputeBackend.Median"/>.</summary>
    public static void Median(this IComputeBackend backend, Volume<short> source, double radiusMm, Volume<short> destination) =>
        Apply(backend, source, destination, (s, d) => backend.Median(s, radiusMm, d));

    /// <summary>Exact anisotropic distance in mm (signed: negative inside); see <see cref="IComputeBackend.DistanceTransform"/>.</summary>
    public static Volume<float> DistanceTransform(this IComputeBackend backend, Volume<byte> mask, bool signed = false)
    {
        var result = Volume<float>.Uninitialized(mask.Geometry);
        Apply(backend, mask, result, (m, d) => backend.DistanceTransform(m, signed, d));
        return result;
    }

    /// <summary>Binary morphology with a sphere of radius in mm; see <see cref="IComputeBackend.Morphology"/>.</summary>
    public static void Morphology(this IComputeBackend backend, Volume<byte> mask, MorphologyOperation operation, double radiusMm, Volume<byte> destination) =>
        Apply(backend, mask, destination, (m, d) => backend.Morphology(m, operation, radiusMm, d));

    /// <summary>Canonical component labels (1 + first voxel index); see <see cref="IComputeBackend.LabelComponents"/>.</summary>
    public static Volume<int> LabelComponents(this IComputeBackend backend, Volume<byte> mask, Connectivity connectivity)
    {
        var labels = Volume<int>.Uninitialized(mask.Geometry);
        Apply(backend, mask, labels, (m, l) => backend.LabelComponents(m, connectivity, l));
        return labels;
    }

    /// <summary>Edge-preserving bilateral filter, spatial sigma in mm and range sigma in HU; see <see cref="IComputeBackend.Bilateral"/>.</summary>
    public static void Bilateral(this IComputeBackend backend, Volume<short> source, double spatialSigmaMm, double rangeSigmaHu, Volume<short> destination) =>
        Apply(backend, source, destination, (s, d) => backend.Bilateral(s, spatialSigmaMm, rangeSigmaHu, d));

    /// <summary>Fills holes in 3D or slice by slice; see <see cref="IComputeBackend.FillHoles"/>.</summary>
    public static void FillHoles(this IComputeBackend backend, Volume<byte> mask, bool planar, Volume<byte> destination) =>
        Apply(backend, mask, destination, (m, d) => backend.FillHoles(m, planar, d));

    /// <summary>Seeded 6-connected growing inside [low, high] (and the constraint); see <see cref="IComputeBackend.GrowRegion"/>.</summary>
    public static void GrowRegion(this IComputeBackend backend, Volume<short> image, short lowInclusive, short highInclusive, IReadOnlyList<Int3> seeds, Volume<byte>? constraint, Volume<byte> destination)
    {
        using IDeviceVolume<byte>? c = constraint is null ? null : backend.Upload(constraint);
        Apply(backend, image, destination, (s, d) => backend.GrowRegion(s, lowInclusive, highInclusive, seeds, c, d));
    }

    /// <summary>Count, mean and standard deviation (HU) under a mask; see <see cref="IComputeBackend.Statistics"/>.</summary>
    public static MaskStatistics Statistics(this IComputeBackend backend, Volume<short> image, Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(backend);
        using IDeviceVolume<short> s = backend.Upload(image);
        using IDeviceVolume<byte> m = backend.Upload(mask);
        return backend.Statistics(s, m);
    }

    /// <summary>Multi-label GrowCut from a seed volume (label per seed voxel, 255 = none); see <see cref="IComputeBackend.GrowCut"/>.</summary>
    public static Volume<byte> GrowCut(this IComputeBackend backend, Volume<short> image, Volume<byte> seeds)
    {
        var labels = Volume<byte>.Uninitialized(image.Geometry);
        using IDeviceVolume<byte> s = backend.Upload(seeds);
        Apply(backend, image, labels, (i, l) => backend.GrowCut(i, s, l));
        return labels;
    }

    private static void Apply<TIn, TOut>(IComputeBackend backend, Volume<TIn> source, Volume<TOut> destination, Action<IDeviceVolume<TIn>, IDeviceVolume<TOut>> operation)
        where TIn : unmanaged where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(backend);
        VolumeChecks.SameDimensions(source, destination);
        using IDeviceVolume<TIn> s = backend.Upload(source);
        using IDeviceVolume<TOut> d = backend.Allocate<TOut>(destination.Geometry);
        operation(s, d);
        d.Download(destination);
    }
}
