namespace SurgicalNav.App.Cases;

/// <summary>
/// The latest paired-point registration stored in a case: it maps <paramref name="From"/> (usually Tracker) into
/// <paramref name="To"/> (usually Image) and is also an edge of the case's frame graph. FRE is the RMS fiducial
/// residual in mm; <paramref name="PredictedTreMm"/> is the predicted RMS TRE (mm) at <paramref name="TargetMm"/>
/// (image LPS mm) for an FLE of <paramref name="FleMm"/>, null when no target was known.
/// </summary>
public sealed record CaseRegistration(
    string From,
    string To,
    double FreMm,
    double? PredictedTreMm,
    double[]? TargetMm,
    double FleMm,
    int Fiducials,
    DateTime CreatedUtc);
