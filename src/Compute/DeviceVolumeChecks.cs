using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>Argument checks for device volumes, shared by every backend so each says the same thing.</summary>
internal static class DeviceVolumeChecks
{
    /// <summary>Throws unless the two grids have the same dimensions.</summary>
    internal static void SameDimensions(ImageGeometry expected, ImageGeometry actual, string parameter)
    {
        if (expected.Dimensions != actual.Dimensions)
        {
            throw new ArgumentException(
                $"{parameter} is {actual.Dimensions} voxels but the device volume is {expected.Dimensions}; use a volume on the same geometry", parameter);
        }
    }

    /// <summary>Throws unless source and destination have the same dimensions.</summary>
    internal static void SameDimensions<TSource, TDestination>(IDeviceVolume<TSource> source, IDeviceVolume<TDestination> destination)
        where TSource : unmanaged where TDestination : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Geometry.Dimensions != destination.Geometry.Dimensions)
        {
            throw new ArgumentException(
                $"destination is {destination.Geometry.Dimensions} voxels but source is {source.Geometry.Dimensions}; allocate the destination on the source's geometry",
                nameof(destination));
        }
    }

    /// <summary>Throws when an operation that cannot work in place gets the same volume twice.</summary>
    internal static void Distinct(object source, object destination, string operation)
    {
        if (ReferenceEquals(source, destination))
        {
            throw new ArgumentException($"{operation} cannot write into its own source; allocate a separate destination volume", nameof(destination));
        }
    }

    /// <summary>Throws unless bands are 1..255 non-empty, non-overlapping intervals.</summary>
    internal static void Bands(IReadOnlyList<IntensityBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        if (bands.Count is 0 or > 255) throw new ArgumentException($"give 1 to 255 bands, not {bands.Count}", nameof(bands));
        for (int a = 0; a < bands.Count; a++)
        {
            if (bands[a].Low > bands[a].High) throw new ArgumentException($"band {a} [{bands[a].Low}, {bands[a].High}] is empty; low must not exceed high", nameof(bands));
            for (int b = 0; b < a; b++)
            {
                if (bands[a].Low <= bands[b].High && bands[b].Low <= bands[a].High)
                {
                    throw new ArgumentException($"bands {b} [{bands[b].Low}, {bands[b].High}] and {a} [{bands[a].Low}, {bands[a].High}] overlap; each voxel can carry one label", nameof(bands));
                }
            }
        }
    }

    /// <summary>Per-axis half-widths in voxels for a median box of radius in mm; throws when the box exceeds 125 voxels.</summary>
    internal static Int3 MedianRadii(ImageGeometry geometry, double radiusMm)
    {
        if (!double.IsFinite(radiusMm) || radiusMm < 0) throw new ArgumentOutOfRangeException(nameof(radiusMm), radiusMm, "radius must be a finite number of mm, 0 or more");
        Vec3 s = geometry.SpacingMm;
        var r = new Int3((int)Math.Round(radiusMm / s.X), (int)Math.Round(radiusMm / s.Y), (int)Math.Round(radiusMm / s.Z));
        long box = (2L * r.X + 1) * (2L * r.Y + 1) * (2L * r.Z + 1);
        if (box > MaxMedianBox)
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMm), radiusMm,
                $"a {radiusMm} mm median needs a {2 * r.X + 1}x{2 * r.Y + 1}x{2 * r.Z + 1} box at spacing {s.X}x{s.Y}x{s.Z} mm, more than {MaxMedianBox} voxels; use a smaller radius or Gaussian smoothing");
        }
        return r;
    }

    /// <summary>Largest median box in voxels (5x5x5).</summary>
    internal const int MaxMedianBox = 125;

    /// <summary>Throws unless the radius is finite and not negative.</summary>
    internal static void RadiusMm(double radiusMm)
    {
        if (!double.IsFinite(radiusMm) || radiusMm < 0) throw new ArgumentOutOfRangeException(nameof(radiusMm), radiusMm, "radius must be a finite number of mm, 0 or more");
    }

    /// <summary>Linear indices of seed voxels; throws naming the first seed outside the grid.</summary>
    internal static int[] SeedIndices(ImageGeometry geometry, IReadOnlyList<Int3> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        Int3 d = geometry.Dimensions;
        var indices = new int[seeds.Count];
        for (int s = 0; s < seeds.Count; s++)
        {
            Int3 v = seeds[s];
            if ((uint)v.X >= (uint)d.X || (uint)v.Y >= (uint)d.Y || (uint)v.Z >= (uint)d.Z)
            {
                throw new ArgumentOutOfRangeException(nameof(seeds), v, $"seed voxel ({v.X}, {v.Y}, {v.Z}) is outside the {d} grid; give seeds as voxel indices inside the volume");
            }
            indices[s] = (v.Z * d.Y + v.Y) * d.X + v.X;
        }
        return indices;
    }
}
