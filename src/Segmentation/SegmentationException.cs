namespace SurgicalNav.Segmentation;

/// <summary>Segmentation input that cannot give a result: a bad seed, an empty mask, mismatched grids. The message says what to do.</summary>
public sealed class SegmentationException(string message) : Exception(message);
