namespace SurgicalNav.App.Guidance;

/// <summary>
/// What the guidance display shows for one needle sample against the planned path, in mm and degrees, in
/// full precision (views round to one decimal). The bullseye coordinates are in the plane perpendicular to the
/// planned path through the target: <c>Tip*</c> is the tip's own offset, <c>Aim*</c> is where the needle's
/// extension crosses that plane (null when the needle is parallel to it).
/// </summary>
public sealed record GuidanceFigures(
    double TipToTargetMm,
    double LateralOffsetMm,
    double AngleErrorDeg,
    double RemainingDepthMm,
    double TipBullseyeXMm,
    double TipBullseyeYMm,
    double? AimBullseyeXMm,
    double? AimBullseyeYMm);
