namespace SurgicalNav.Bench.Harness;

/// <summary>One run of our side: seconds of the operation alone and the values the agreement check needs.</summary>
internal sealed record OursRun(double Seconds, IReadOnlyDictionary<string, double> Check);
