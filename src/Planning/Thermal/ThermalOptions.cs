namespace SurgicalNav.Planning.Thermal;

/// <summary>
/// Settings of the thermal digital twin: grid spacing in mm, the margin in mm of tissue simulated around the table
/// zone, the distance in mm
/// from a vessel within which the zone counts as "near the vessel", whether vessels are held at 37 °C (heat sink), and
/// the temperature cap in °C (tissue water vaporises near 100 °C).
/// </summary>
public sealed record ThermalOptions(double GridMm = 2, double MarginMm = 15, double NearVesselMm = 5, bool VesselsAsHeatSink = true, double MaxTemperatureC = 100);
