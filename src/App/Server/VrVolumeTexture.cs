using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server;

/// <summary>
/// The CT as the headset's ray-marched 3D texture: block-mean downsampled so no axis exceeds a voxel budget, then
/// mapped linearly from a HU window to uint8 (value v stands for HU = <see cref="HuMin"/> + v·(<see cref="HuMax"/> −
/// <see cref="HuMin"/>)/255, clamped at both ends). x fastest, then y, then z, on <see cref="Geometry"/>.
/// </summary>
public sealed record VrVolumeTexture(ImageGeometry Geometry, double HuMin, double HuMax, byte[] Voxels)
{
    /// <summary>Default longest axis in voxels: 128³ uint8 is 2 MiB, small beside a Quest 3's texture memory.</summary>
    public const int DefaultMaxDimension = 128;

    /// <summary>Largest longest axis accepted, in voxels: 256³ uint8 is 16 MiB, the most this client sends a headset.</summary>
    public const int MaxDimension = 256;

    /// <summary>Smallest longest axis accepted, in voxels.</summary>
    public const int MinDimension = 16;

    /// <summary>Default HU window mapped to 0..255: air to dense bone, 7.8 HU per step, enough for every preset.</summary>
    public const double DefaultHuMin = -1000, DefaultHuMax = 1000;

    /// <summary>HU per uint8 step.</summary>
    public double HuPerStep => (HuMax - HuMin) / 255;

    /// <summary>
    /// Integer downsampling factor that brings the longest axis of <paramref name="dimensions"/> to at most
    /// <paramref name="maxDimension"/> voxels (1 when it already fits).
    /// </summary>
    public static int Factor(Int3 dimensions, int maxDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDimension, 1);
        int longest = Math.Max(dimensions.X, Math.Max(dimensions.Y, dimensions.Z));
        return Math.Max(1, (longest + maxDimension - 1) / maxDimension);
    }

    /// <summary>
    /// Builds the texture from a CT in HU: block mean by <see cref="Factor"/> (<see cref="VolumePyramid.MeanDown"/>),
    /// then the HU window [<paramref name="huMin"/>, <paramref name="huMax"/>] to 0..255, rounded to nearest.
    /// </summary>
    public static VrVolumeTexture Build(Volume<short> ct, int maxDimension = DefaultMaxDimension, double huMin = DefaultHuMin, double huMax = DefaultHuMax)
    {
        ArgumentNullException.ThrowIfNull(ct);
        if (maxDimension is < MinDimension or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(maxDimension), maxDimension, $"the texture's longest axis must be {MinDimension} to {MaxDimension} voxels");
        if (!double.IsFinite(huMin) || !double.IsFinite(huMax) || huMax - huMin < 1)
            throw new ArgumentException($"the HU window [{huMin}, {huMax}] must be finite and at least 1 HU wide", nameof(huMin));
        Volume<short> down = VolumePyramid.MeanDown(ct, Factor(ct.Dimensions, maxDimension));
        short[] hu = down.Data;
        var voxels = new byte[hu.Length];
        double scale = 255 / (huMax - huMin);
        Parallel.For(0, down.Dimensions.Z, k =>
        {
            int n = down.Dimensions.X * down.Dimensions.Y;
            for (int i = k * n, end = i + n; i < end; i++)
            {
                voxels[i] = (byte)Math.Clamp(Math.Round((hu[i] - huMin) * scale), 0, 255);
            }
        });
        return new VrVolumeTexture(down.Geometry, huMin, huMax, voxels);
    }
}
