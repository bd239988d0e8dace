namespace SurgicalNav.Planning.Suggestion;

/// <summary>
/// The result of an automatic suggestion: the best entry, the Pareto front (length, clearance, angle), how many
/// skin candidates were examined and how many were rejected for each reason, and the time it took in s.
/// </summary>
public sealed record EntrySuggestion(
    EntryCandidate Best,
    IReadOnlyList<EntryCandidate> ParetoFront,
    int SkinCandidates,
    int SafeCandidates,
    IReadOnlyDictionary<string, int> Rejected,
    double Seconds);
