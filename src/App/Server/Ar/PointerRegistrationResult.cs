using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// An accepted in-app tracker registration from pointer touches: <see cref="TrackerToImage"/> (4×4 row-major, mm) maps
/// the tracker frame into patient LPS mm and is stored as the case's Tracker → Image edge, the registration guidance uses.
/// <see cref="FiducialIndices"/> are the fiducials used (0-based), <see cref="TipsInTrackerMm"/> the pointer tips read
/// there (Tracker mm), <see cref="FreMm"/> the RMS of <see cref="ResidualsMm"/> (mm, image frame), and
/// <see cref="PredictedTreMm"/> the predicted RMS TRE at <see cref="TargetMm"/> (image LPS mm) for the stated FLE
/// <see cref="FleMm"/> (null without a plan). <see cref="TipFrame"/> is the frame read as the pointer tip.
/// </summary>
public sealed record PointerRegistrationResult(
    string PointerTool,
    string TipFrame,
    int[] FiducialIndices,
    Vec3[] TipsInTrackerMm,
    double FreMm,
    double[] ResidualsMm,
    double? PredictedTreMm,
    Vec3? TargetMm,
    double FleMm,
    double FreLimitMm,
    double[] TrackerToImage,
    DateTime CreatedUtc);
