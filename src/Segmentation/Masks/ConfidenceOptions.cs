namespace SurgicalNav.Segmentation.Masks;

/// <summary>Settings of confidence-connected growing: σ multiplier, re-estimation rounds, seed neighbourhood radius in voxels and the smallest half-width of the interval in the image's units (HU).</summary>
public sealed record ConfidenceOptions(double Multiplier = 2.5, int Iterations = 2, int InitialRadiusVoxels = 2, double MinHalfWidth = 12);
