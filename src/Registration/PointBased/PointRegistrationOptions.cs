namespace SurgicalNav.Registration.PointBased;

/// <summary>
/// Settings of paired-point registration. <see cref="AllowScale"/> solves a similarity (uniform scale) instead
/// of a rigid transform. <see cref="MinSpreadRatio"/> is the smallest accepted ratio of the second to the
/// first singular value of the centred fiducials (dimensionless); below it they are too close to a line.
/// <see cref="MaxUnitsMismatch"/>, when set, is the largest accepted ratio between the RMS spreads (mm about their
/// centroids) of the moving and the fixed points: a rigid transform keeps distances, so a larger ratio means the
/// two sets are not in the same units (metres or centimetres sent as millimetres). Null skips the check.
/// </summary>
public sealed record PointRegistrationOptions(bool AllowScale = false, double MinSpreadRatio = 0.02, double? MaxUnitsMismatch = null)
{
    /// <summary>Rigid, default collinearity threshold.</summary>
    public static PointRegistrationOptions Default { get; } = new();
}
