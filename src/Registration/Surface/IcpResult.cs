namespace SurgicalNav.Registration.Surface;

/// <summary>
/// Outcome of surface ICP: <see cref="MovingToFixed"/> maps the traced points into the surface's frame (mm);
/// <see cref="RmsDistanceMm"/> is the RMS point-to-plane distance over the kept (trimmed) points,
/// <see cref="InlierFraction"/> the fraction of all points within the inlier distance (0 to 1).
/// </summary>
public sealed record IcpResult(RigidTransform MovingToFixed, double RmsDistanceMm, double InlierFraction, int Iterations, bool Converged);
