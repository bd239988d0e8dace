using SurgicalNav.App.Guidance;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// Everything the headset needs to run the AR registration (GET /api/case/ar/state): the fiducials to touch (image LPS
/// mm), the latest AR registration with its image ↔ headset world transforms as the frame graph resolves them now (null
/// when there is none or the graph no longer joins them), the controller FLE and FRE limit (mm), the controllers' tip
/// calibrations, the tracker (null without <c>--tracker</c>) and the overlay error at the target.
/// </summary>
public sealed record ArState(
    IReadOnlyList<ArFiducial> Fiducials,
    ArRegistrationResult? Latest,
    double FleMm,
    double FreLimitMm,
    IReadOnlyList<ControllerTipCalibration> TipCalibrations,
    ArTrackerState? Tracker,
    OverlayError Overlay);
