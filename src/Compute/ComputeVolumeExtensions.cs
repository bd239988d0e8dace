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
