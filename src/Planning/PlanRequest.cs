using SurgicalNav.Imaging;
using SurgicalNav.Planning.Suggestion;

namespace SurgicalNav.Planning;

/// <summary>
/// What to plan: the target (a segment name such as "tumor", one needle per connected part, or a point "x,y,z" in
/// patient LPS mm), the needle model, optional device settings, the margin in mm, the organs at risk with their
/// minimum clearance in mm, an optional manual entry in LPS mm (evaluated instead of suggested) and suggestion settings.
/// </summary>
public sealed record PlanRequest(
    string Target = "tumor",
    NeedleModel? Needle = null,
    DeviceSettings? Settings = null,
    double MarginMm = Plan.DefaultMarginMm,
    IReadOnlyDictionary<string, double>? OrgansAtRisk = null,
    Vec3? EntryMm = null,
    SuggestionOptions? Suggestion = null)
{
    /// <summary>Default organs at risk and clearances in mm: vessels 3, bone 2, kidney 2.</summary>
    public static IReadOnlyDictionary<string, double> DefaultOrgansAtRisk { get; } = new Dictionary<string, double> { ["vessels"] = 3, ["bone"] = 2, ["kidney"] = 2 };
}
