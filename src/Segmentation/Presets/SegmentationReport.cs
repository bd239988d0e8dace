namespace SurgicalNav.Segmentation.Presets;

/// <summary>What a preset run produced: the label map, seconds per stage, the compute device used and warnings for the user.</summary>
public sealed record SegmentationReport(
    LabelMap Labels,
    IReadOnlyDictionary<string, double> StageSeconds,
    string Device,
    IReadOnlyList<string> Warnings);
