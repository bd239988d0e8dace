using System.Text.Json;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.Planning.Thermal;

/// <summary>
/// Thermal properties of one segment: conductivity in W/(m K), density in kg/m³, heat capacity in J/(kg K),
/// perfusion as blood volume flow per tissue volume in 1/s, whether the values are illustrative, and their source.
/// </summary>
public sealed record TissueProperties(string Segment, double ConductivityWPerMK, double DensityKgPerM3, double HeatCapacityJPerKgK, double PerfusionPerS, bool Illustrative, string Source)
{
    /// <summary>Thermal diffusivity k/(rho c) in mm²/s.</summary>
    public double DiffusivityMm2PerS => ConductivityWPerMK / (DensityKgPerM3 * HeatCapacityJPerKgK) * 1e6;
}

/// <summary>The editable tissue table (assets/tissue-properties.json): properties per segment, blood, and the Arrhenius parameters.</summary>
public sealed class TissueTable
{
    private sealed record BloodShape(double DensityKgPerM3, double HeatCapacityJPerKgK, string? Source);
    private sealed record ArrheniusShape(double FrequencyFactorPerS, double ActivationEnergyJPerMol, string? Source);
    private sealed record FileShape(string? Comment, BloodShape? Blood, ArrheniusShape? Arrhenius, IReadOnlyList<TissueProperties>? Tissues);

    private readonly Dictionary<string, TissueProperties> _bySegment;

    private TissueTable(FileShape shape)
    {
        _bySegment = shape.Tissues!.ToDictionary(t => t.Segment, StringComparer.OrdinalIgnoreCase);
        BloodDensityKgPerM3 = shape.Blood!.DensityKgPerM3;
        BloodHeatCapacityJPerKgK = shape.Blood.HeatCapacityJPerKgK;
        FrequencyFactorPerS = shape.Arrhenius!.FrequencyFactorPerS;
        ActivationEnergyJPerMol = shape.Arrhenius.ActivationEnergyJPerMol;
    }

    /// <summary>The path of the table shipped beside the program: assets/tissue-properties.json.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "assets", "tissue-properties.json");

    /// <summary>Blood density in kg/m³.</summary>
    public double BloodDensityKgPerM3 { get; }

    /// <summary>Blood heat capacity in J/(kg K).</summary>
    public double BloodHeatCapacityJPerKgK { get; }

    /// <summary>Arrhenius frequency factor A in 1/s.</summary>
    public double FrequencyFactorPerS { get; }

    /// <summary>Arrhenius activation energy in J/mol.</summary>
    public double ActivationEnergyJPerMol { get; }

    /// <summary>Properties of a segment by name; segments not in the table use "body".</summary>
    public TissueProperties For(string segment) =>
        _bySegment.TryGetValue(segment, out TissueProperties? p) ? p : _bySegment["body"];

    /// <summary>Perfusion rate w rho_b c_b / (rho c) in 1/s for the Pennes term.</summary>
    public double PerfusionRatePerS(TissueProperties t) =>
        t.PerfusionPerS * BloodDensityKgPerM3 * BloodHeatCapacityJPerKgK / (t.DensityKgPerM3 * t.HeatCapacityJPerKgK);

    /// <summary>Reads a table; throws <see cref="PlanningException"/> naming the file and what is wrong.</summary>
    public static TissueTable Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) throw new PlanningException($"tissue table '{path}' is missing; restore assets/tissue-properties.json");
        FileShape? shape;
        try { shape = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path), NavJson.Options); }
        catch (JsonException e) { throw new PlanningException($"tissue table '{path}' is not valid JSON ({e.Message}); fix or restore it"); }
        if (shape?.Tissues is not { Count: > 0 } tissues || shape.Blood is null || shape.Arrhenius is null)
        {
            throw new PlanningException($"tissue table '{path}' needs 'blood', 'arrhenius' and at least one entry in 'tissues'");
        }
        if (!tissues.Any(t => string.Equals(t.Segment, "body", StringComparison.OrdinalIgnoreCase))) throw new PlanningException($"tissue table '{path}' needs a 'body' row (used for segments it does not list)");
        foreach (TissueProperties t in tissues)
        {
            if (t.ConductivityWPerMK <= 0 || t.DensityKgPerM3 <= 0 || t.HeatCapacityJPerKgK <= 0 || t.PerfusionPerS < 0 || string.IsNullOrWhiteSpace(t.Source))
            {
                throw new PlanningException($"'{path}': tissue '{t.Segment}' needs positive conductivity, density and heat capacity, non-negative perfusion and a source");
            }
        }
        if (shape.Blood.DensityKgPerM3 <= 0 || shape.Blood.HeatCapacityJPerKgK <= 0 || shape.Arrhenius.FrequencyFactorPerS <= 0 || shape.Arrhenius.ActivationEnergyJPerMol <= 0)
        {
            throw new PlanningException($"'{path}': blood density and heat capacity and the Arrhenius parameters must be positive");
        }
        return new TissueTable(shape);
    }
}
