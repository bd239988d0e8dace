using SurgicalNav.Planning.Risk;

namespace SurgicalNav.Planning.Suggestion;

/// <summary>One surviving skin entry: its path risk, its weighted score (lower is better), whether it is on the Pareto front, and why.</summary>
public sealed record EntryCandidate(PathRisk Risk, double Score, bool OnParetoFront, string Explanation);
