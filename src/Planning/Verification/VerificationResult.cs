using SurgicalNav.Imaging;
using SurgicalNav.Planning.Ablation;

namespace SurgicalNav.Planning.Verification;

/// <summary>
/// The outcome of a post-ablation check, in the pre-op patient frame (LPS mm): the registration, the segmented zone
/// (mask on <see cref="ZoneMask"/>'s grid, volume in mL, centroid and its distance from the planned zone centre in mm,
/// median HU of zone and surrounding liver), the coverage with the minimal ablative margin A0 in mm (negative when
/// tumour is left uncovered), tumour and residual uncovered tumour volume in mL, the margin map and the run time in s.
/// </summary>
public sealed record VerificationResult(
    PostOpRegistration Registration,
    Volume<byte> ZoneMask,
    double ZoneMl,
    Vec3 ZoneCentroidMm,
    double ZoneOffsetFromPlanMm,
    double ZoneHu,
    double LiverHu,
    CoverageReport Coverage,
    double TumorMl,
    double ResidualTumorMl,
    MarginMap Margins,
    double Seconds)
{
    /// <summary>Minimal ablative margin A0 in mm: the smallest distance from the tumour surface to the zone boundary, negative where tumour lies outside.</summary>
    public double A0Mm => Coverage.MinimalMarginMm;

    /// <summary>A summary a clinician can read.</summary>
    public string Describe()
    {
        string verdict = ResidualTumorMl > 0 || A0Mm < 0
            ? $"INCOMPLETE: {ResidualTumorMl:0.00} mL of tumour ({100 - Coverage.TumorCoveragePercent:0.0}%) lies outside the ablation zone"
            : A0Mm < Coverage.RequiredMarginMm
                ? $"tumour covered, but the margin is below the planned {Coverage.RequiredMarginMm:0.#} mm"
                : $"tumour covered with at least the planned {Coverage.RequiredMarginMm:0.#} mm margin";
        return $"{verdict}. Minimal ablative margin A0 {A0Mm:0.0} mm; tumour {TumorMl:0.00} mL, coverage {Coverage.TumorCoveragePercent:0.0}%. " +
               $"Ablation zone {ZoneMl:0.0} mL ({ZoneHu:0} HU against liver {LiverHu:0} HU), centred {ZoneOffsetFromPlanMm:0.0} mm from the planned centre. " +
               $"Margin map: {Margins.UncoveredAreaPercent:0}% of the tumour surface uncovered (red), {Margins.ThinAreaPercent:0}% under {MarginMap.AdequateMm:0} mm (yellow), " +
               $"{Margins.AdequateAreaPercent:0}% at {MarginMap.AdequateMm:0} mm or more (green). {Registration.Describe()}.";
    }
}
