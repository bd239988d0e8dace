namespace SurgicalNav.Registration.Surface;

/// <summary>
/// Settings of point-to-plane ICP. <see cref="TrimFraction"/> keeps that fraction of correspondences with the
/// smallest distances each iteration (1 keeps all). <see cref="HuberMm"/>, when set, down-weights point-to-plane
/// residuals beyond it (mm). Pairs farther apart than <see cref="MaxCorrespondenceMm"/> are ignored. Iteration
/// stops when the update moves every point less than <see cref="ToleranceMm"/>. A point is an inlier at the end
/// when its point-to-plane distance is within <see cref="InlierDistanceMm"/>.
/// </summary>
public sealed record IcpOptions(
    int MaxIterations = 50,
    double TrimFraction = 0.9,
    double? HuberMm = null,
    double MaxCorrespondenceMm = 50,
    double ToleranceMm = 1e-3,
    double InlierDistanceMm = 1.5)
{
    /// <summary>50 iterations, 90 % trimmed, no Huber weights.</summary>
    public static IcpOptions Default { get; } = new();
}
