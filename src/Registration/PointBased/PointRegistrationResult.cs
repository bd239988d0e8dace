using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.PointBased;

/// <summary>
/// A paired-point registration with its error: <see cref="MovingToFixed"/> maps moving points into the fixed
/// frame (mm); <see cref="FreMm"/> is the RMS fiducial registration error, <see cref="ResidualsMm"/> the
/// distance per fiducial in the fixed frame, <see cref="Worst"/> the leave-one-out hint (null with 3
/// fiducials), and <see cref="Tre"/> predicts target registration error from the fiducial configuration.
/// </summary>
public sealed record PointRegistrationResult(
    RigidTransform MovingToFixed,
    double FreMm,
    IReadOnlyList<double> ResidualsMm,
    WorstFiducial? Worst,
    TrePredictor Tre)
{
    /// <summary>Predicted RMS TRE (mm) at a target given in the fixed frame, for an RMS 3D FLE in mm.</summary>
    public double PredictTreMm(Vec3 targetInFixed, double fleRmsMm) => Tre.PredictRmsMm(targetInFixed, fleRmsMm);
}
