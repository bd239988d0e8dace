namespace SurgicalNav.Planning.Ablation;

/// <summary>
/// How well ablation zones cover a tumour: the tumour volume covered in %, the minimal margin in mm from the tumour
/// surface to the zone boundary (negative when part of the tumour is outside the zone), the ablated volume of
/// non-tumour tissue and the total ablated volume in mL, and whether the margin meets the plan's margin.
/// </summary>
public sealed record CoverageReport(double TumorCoveragePercent, double MinimalMarginMm, double HealthyAblatedMl, double AblatedMl, double RequiredMarginMm)
{
    /// <summary>True when the whole tumour is covered with at least the required margin.</summary>
    public bool MeetsMargin => TumorCoveragePercent >= 100 - 1e-9 && MinimalMarginMm >= RequiredMarginMm;

    /// <summary>One line for people.</summary>
    public string Describe() =>
        $"tumour coverage {TumorCoveragePercent:0.0}%, minimal margin {MinimalMarginMm:0.0} mm (required {RequiredMarginMm:0.#} mm), " +
        $"healthy tissue ablated {HealthyAblatedMl:0.0} mL of {AblatedMl:0.0} mL" + (MeetsMargin ? "  OK" : "  INSUFFICIENT");
}
