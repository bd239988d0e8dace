namespace SurgicalNav.Planning;

/// <summary>
/// An ablation needle: its name, gauge (G), usable length in mm (the part that can go into the patient) and
/// active tip length in mm (the radiating or heating section at the distal end).
/// </summary>
public sealed record NeedleModel(string Name, int Gauge, double LengthMm, double ActiveTipMm)
{
    /// <summary>A generic 14 G microwave antenna, 150 mm usable, 20 mm active tip.</summary>
    public static NeedleModel Default { get; } = new("generic 14G 150 mm", 14, 150, 20);
}
