using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// An accepted in-headset pivot calibration of one controller (<see cref="Hand"/>, "right" or "left"):
/// <see cref="TipInGripMm"/> is the tip in the controller's grip frame (mm), <see cref="PivotInXrWorldMm"/> the point it
/// was held on (headset world mm), <see cref="RmsMm"/> and <see cref="MaxResidualMm"/> the distances of each pose's
/// predicted tip from that point (mm), <see cref="RotationRangeDeg"/> the largest rotation between two of the
/// <see cref="Poses"/> poses (degrees). <see cref="RmsLimitMm"/> and <see cref="MinRotationDeg"/> are the limits it passed.
/// </summary>
public sealed record ControllerTipCalibration(
    string Hand,
    Vec3 TipInGripMm,
    Vec3 PivotInXrWorldMm,
    double RmsMm,
    double MaxResidualMm,
    double RotationRangeDeg,
    int Poses,
    double RmsLimitMm,
    double MinRotationDeg,
    DateTime CreatedUtc);
