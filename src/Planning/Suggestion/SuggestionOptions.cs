namespace SurgicalNav.Planning.Suggestion;

/// <summary>
/// Settings for automatic entry suggestion: candidate spacing on the skin in mm, the largest angle in degrees between
/// the needle and the inward skin normal, the largest angle in degrees by which the skin may face the table (posterior,
/// +y in LPS) and still be reachable with the patient supine, and the clearance in mm beyond which more earns no credit.
/// </summary>
public sealed record SuggestionOptions(double SpacingMm = 1.5, double MaxAngleDeg = 60, bool SupineOnly = true, double ClearanceCreditCapMm = 15);
