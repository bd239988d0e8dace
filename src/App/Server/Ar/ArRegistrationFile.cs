namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// What case folder file <see cref="ArFiducials.FileName"/> holds: the AR fiducials (chosen once, then kept so every
/// registration of the case touches the same landmarks), the latest accepted headset registration (null until one),
/// the controllers' tip calibrations (null or empty until one) and the latest in-app pointer registration of the tracker.
/// </summary>
public sealed record ArRegistrationFile(
    IReadOnlyList<ArFiducial> Fiducials,
    ArRegistrationResult? Latest,
    IReadOnlyList<ControllerTipCalibration>? TipCalibrations = null,
    PointerRegistrationResult? Pointer = null);
