using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Surface;

namespace SurgicalNav.Planning.Verification;

/// <summary>
/// The rigid transform from the post-op scanner to the pre-op patient frame (both LPS mm), the RMS residual (mm) of
/// the trimmed point-to-plane ICP, the share of post-op surface points within 1.5 mm of the pre-op surface, the
/// number of points used, the rotation angle in degrees and translation length in mm, and the ICP iterations.
/// </summary>
public sealed record PostOpRegistration(RigidTransform PostToPre, double RmsMm, double InlierFraction, int Points, double RotationDeg, double TranslationMm, int Iterations)
{
    /// <summary>One line for people.</summary>
    public string Describe() =>
        $"post-op registered to pre-op on bone surfaces: {RotationDeg:0.00}° and {TranslationMm:0.0} mm, residual {RmsMm:0.00} mm RMS, " +
        $"{InlierFraction * 100:0}% of {Points} points within 1.5 mm";
}
