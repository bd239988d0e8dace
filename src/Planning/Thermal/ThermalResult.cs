using SurgicalNav.Imaging;
using SurgicalNav.Planning.Ablation;

namespace SurgicalNav.Planning.Thermal;

/// <summary>
/// The predicted necrosis of one needle (Arrhenius Omega ≥ 1) on the simulation grid (<see cref="Necrosis"/>: 1 necrotic,
/// 0 not; patient LPS geometry) against the table zone: volumes in mL, Dice, the part of the table zone within
/// <see cref="ThermalOptions.NearVesselMm"/> of a vessel and how much of it is necrotic (%), tumour coverage (%),
/// the peak temperature in °C, the radius in mm around the active tip where the power is deposited (calibrated so
/// that homogeneous liver gives the table zone's volume), the time step in s, step count and run time in s.
/// </summary>
public sealed record ThermalResult(
    Volume<byte> Necrosis,
    AblationZone TableZone,
    double NecrosisMl,
    double TableZoneMl,
    double SparedInZoneMl,
    double BeyondZoneMl,
    double Dice,
    double ZoneNearVesselMl,
    double NearVesselNecroticPercent,
    double TumorCoveragePercent,
    double MaxTemperatureC,
    double SourceRadiusMm,
    double TimeStepS,
    int Steps,
    double Seconds)
{
    /// <summary>A summary a clinician can read.</summary>
    public string Describe() =>
        $"predicted necrosis {NecrosisMl:0.0} mL against the table zone's {TableZoneMl:0.0} mL (Dice {Dice:0.00}); " +
        $"{SparedInZoneMl:0.0} mL of the table zone is spared, {BeyondZoneMl:0.0} mL necrotic beyond it; " +
        (ZoneNearVesselMl > 0 ? $"within the zone near vessels ({ZoneNearVesselMl:0.0} mL) only {NearVesselNecroticPercent:0}% becomes necrotic (heat sink); " : "no vessel near the zone; ") +
        $"tumour coverage {TumorCoveragePercent:0}%; peak {MaxTemperatureC:0} °C; deposition radius {SourceRadiusMm:0.0} mm; {Steps} steps of {TimeStepS:0.00} s in {Seconds:0.00} s";
}
