using SurgicalNav.Compute;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Presets;

/// <summary>The segmentation presets by the name <c>segment --preset</c> takes.</summary>
public static class SegmentationPresets
{
    /// <summary>The preset used when none is named.</summary>
    public const string Default = "abdomen-ct";

    /// <summary>Every preset name, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default];

    /// <summary>Runs the named preset on a CT volume (HU) with seeds in patient LPS mm; an unknown name throws listing the known ones.</summary>
    public static SegmentationReport Run(string name, Volume<short> ct, IReadOnlyList<SegmentSeed> seeds, IComputeBackend backend, Action<string>? progress = null) =>
        name.ToLowerInvariant() switch
        {
            Default => AbdomenCtPreset.Run(ct, seeds, backend, progress),
            _ => throw new SegmentationException($"unknown preset '{name}'; known presets: {string.Join(", ", Names)}"),
        };
}
