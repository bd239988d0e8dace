using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Presets;

/// <summary>
/// The part of a CT the abdomen preset works on, made by <see cref="AbdomenCtPreset.Prepare"/>: the raw HU of the box
/// around the body, the seeds located in it and the blur the preset chose. It holds no reference to the full CT, so a
/// caller that prepares, then drops the CT, segments with the body's share of the memory. <see cref="AbdomenCtPreset.Run(AbdomenCtScan, Compute.IComputeBackend, Action{string})"/>
/// uses the raw box up (it is smoothed in place), so each prepared scan is segmented once.
/// </summary>
public sealed class AbdomenCtScan
{
    private Volume<short>? _raw;

    internal AbdomenCtScan(ImageGeometry scanGeometry, VoxelBox box, Volume<short> raw, IReadOnlyList<(SegmentSeed Seed, Int3 Voxel)> seedsInBox, double sigmaMm, double growBlurMm)
    {
        (ScanGeometry, Box, _raw, SeedsInBox, SigmaMm, GrowBlurMm) = (scanGeometry, box, raw, seedsInBox, sigmaMm, growBlurMm);
    }

    /// <summary>Grid of the whole scan, which the labels come back on.</summary>
    public ImageGeometry ScanGeometry { get; }

    /// <summary>The box of the scan's voxels the work runs on (the body plus two smoothing radii).</summary>
    public VoxelBox Box { get; }

    /// <summary>The seeds with their voxel indices in the box.</summary>
    internal IReadOnlyList<(SegmentSeed Seed, Int3 Voxel)> SeedsInBox { get; }

    /// <summary>Gaussian sigma of the preset's smoothing, in mm.</summary>
    internal double SigmaMm { get; }

    /// <summary>Gaussian sigma, in mm, of the image liver and tumours grow on (equal to <see cref="SigmaMm"/> when that is enough).</summary>
    internal double GrowBlurMm { get; }

    /// <summary>Hands the raw box over once; a second call is a caller error.</summary>
    internal Volume<short> TakeRaw()
    {
        Volume<short> raw = _raw ?? throw new InvalidOperationException("this prepared scan was segmented already; prepare the CT again to segment it again");
        _raw = null;
        return raw;
    }
}
