namespace SurgicalNav.Planning.Verification;

/// <summary>
/// Settings of the post-ablation check: the HU of the bone surfaces that register post-op to pre-op, how many post-op
/// surface points ICP uses at most, how far (mm) a point may be from the pre-op surface to be paired, the acceptance
/// limits of the registration (RMS residual in mm, share of points within 1.5 mm), the smallest contrast (HU) between
/// liver and the ablation zone that counts as a zone, and the box (mm) around tumour and planned zone that is examined.
/// </summary>
public sealed record VerificationOptions(
    double BoneHu = 250,
    int MaxSurfacePoints = 40_000,
    double MaxCorrespondenceMm = 25,
    double MaxRmsMm = 1.0,
    double MinInlierFraction = 0.85,
    double MinZoneContrastHu = 10,
    double BoxMarginMm = 20)
{
    /// <summary>Defaults.</summary>
    public static VerificationOptions Default { get; } = new();
}
