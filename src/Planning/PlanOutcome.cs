using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Risk;
using SurgicalNav.Planning.Suggestion;

namespace SurgicalNav.Planning;

/// <summary>A made plan and, per needle, its path risk, the suggestion it came from, its predicted zone and coverage; total safe candidates; time in s.</summary>
public sealed record PlanOutcome(Plan Plan, IReadOnlyList<NeedleOutcome> Needles, int Candidates, double Seconds);

/// <summary>
/// One needle's results: the needle, its path risk, the suggestion (null for a manual entry), the table ellipsoid
/// (null without device settings), the tumour coverage (null when the target is not in a tumour) and, when one zone
/// does not cover tumour plus margin, suggested overlapping zones.
/// </summary>
public sealed record NeedleOutcome(PlannedNeedle Needle, PathRisk Risk, EntrySuggestion? Suggestion, AblationZone? Zone, CoverageReport? Coverage, IReadOnlyList<AblationZone>? Overlapping);
