namespace SurgicalNav.Registration.PointBased;

/// <summary>
/// Leave-one-out hint: the fiducial (zero-based <see cref="Index"/>) that the others predict worst.
/// <see cref="ResidualMm"/> is its residual in the full fit, <see cref="LeaveOneOutErrorMm"/> the distance
/// between where the fit without it maps it and where it was localised, and <see cref="FreWithoutMm"/> the
/// RMS FRE of the registration without it (all mm). A large leave-one-out error suggests re-localising it.
/// </summary>
public sealed record WorstFiducial(int Index, double ResidualMm, double LeaveOneOutErrorMm, double FreWithoutMm);
