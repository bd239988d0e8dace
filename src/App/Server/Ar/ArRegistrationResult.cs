using SurgicalNav.App.Guidance;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// An accepted headset (AR) registration, as POST /api/case/ar/register returns it and the case keeps it. The controller
/// tips touched on the fiducials (<see cref="TouchedXrWorldMm"/>, headset world mm: the WebXR local-floor space ×1000)
/// were registered onto the fiducials in <see cref="Fixed"/>: "Tracker" (fiducials mapped Image → Tracker through the
/// frame graph; the edge XrWorld → Tracker is stored) or "Image" (no tracker registration; XrWorld → Image is stored).
/// <see cref="XrWorldToImage"/> and <see cref="ImageToXrWorld"/> (4×4 row-major, mm) are what the frame graph resolves
/// between the two. FRE is the RMS of <see cref="ResidualsMm"/> (mm) over <see cref="Fiducials"/> touches;
/// <see cref="PredictedTreMm"/> is the predicted RMS TRE (mm) at <see cref="TargetMm"/> (image LPS mm, the planned
/// target) for the stated FLE <see cref="FleMm"/>, null without a plan. <see cref="Overlay"/> combines it with the
/// tracker registration's TRE as they stood when this registration was made.
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
    DateTime CreatedUtc,
    string Fixed = "Image",
    Vec3[]? TouchedXrWorldMm = null,
    OverlayError? Overlay = null);
