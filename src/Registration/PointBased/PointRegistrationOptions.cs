namespace SurgicalNav.Registration.PointBased;

/// <summary>
/// Settings of paired-point registration. <see cref="AllowScale"/> solves a similarity (uniform scale) instead
/// of a rigid transform. <see cref="MinSpreadRatio"/> is the smallest accepted ratio of the second to the
/// first singular value of the centred fiducials (dimensionless); below it they are too close to a line.
/// </summary>
public sealed record PointRegistrationOptions(bool AllowScale = false, double MinSpreadRatio = 0.02)
{
    /// <summary>Rigid, default collinearity threshold.</summary>
    public static PointRegistrationOptions Default { get; } = new();
}
