using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>Argument checks shared by every backend, so each says the same thing about the same mistake.</summary>
internal static class VolumeChecks
{
    /// <summary>Throws when the volumes are null or differ in dimensions.</summary>
    internal static void SameDimensions<TSource, TDestination>(Volume<TSource> source, Volume<TDestination> destination)
        where TSource : unmanaged where TDestination : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Dimensions != destination.Dimensions)
        {
            throw new ArgumentException(
                $"destination is {destination.Dimensions} voxels but source is {source.Dimensions}; allocate the destination on the source's geometry (source.CreateLike<T>())",
                nameof(destination));
        }
    }

    /// <summary>Throws unless sigma is finite and not negative.</summary>
    internal static void Sigma(double sigmaMm)
    {
        if (!double.IsFinite(sigmaMm) || sigmaMm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaMm), sigmaMm, "sigma must be a finite number of mm, 0 or more (0 copies the volume)");
        }
    }

    /// <summary>Throws unless low &lt;= high.</summary>
    internal static void Range(short lowInclusive, short highInclusive)
    {
        if (lowInclusive > highInclusive)
        {
            throw new ArgumentException($"threshold range [{lowInclusive}, {highInclusive}] is empty; low must not exceed high", nameof(lowInclusive));
        }
    }
}
