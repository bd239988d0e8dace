namespace SurgicalNav.App.Server;

/// <summary>
/// An accepted in-app AR registration, as POST /api/case/ar/register returns it and the case keeps it:
/// <see cref="XrWorldToImage"/> maps headset world points (mm, the WebXR local-floor space ×1000) into patient LPS mm,
/// <see cref="ImageToXrWorld"/> is its inverse (both 4×4 row-major, mm). FRE is the RMS residual in mm over
/// <see cref="Fiducials"/> touched landmarks; <see cref="PredictedTreMm"/> is the predicted RMS TRE (mm) at
/// <see cref="TargetMm"/> (image LPS mm, the planned target) for the stated FLE <see cref="FleMm"/>, null without a plan.
/// </summary>
public sealed record ArRegistrationResult(
    int Fiducials,
    double FreMm,
    double[] ResidualsMm,
    double? PredictedTreMm,
    double[]? TargetMm,
    double FleMm,
    double FreLimitMm,
    double[] XrWorldToImage,
    double[] ImageToXrWorld,
    DateTime CreatedUtc);
