using SurgicalNav.App.Cli;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Commands;

/// <summary>Prints a plan outcome for a clinician, or as JSON with "best" (patient LPS mm) and "candidates".</summary>
public static class PlanPrinter
{
    /// <summary>Prints the outcome; <paramref name="revision"/> is the saved plan version.</summary>
    public static void Print(PlanOutcome outcome, int revision, bool json)
    {
        NeedleOutcome? first = outcome.Needles.FirstOrDefault();
        if (json)
        {
            Output.Json(new
            {
                best = first is null ? null : new
                {
                    entryMm = first.Risk.EntryMm,
                    targetMm = first.Risk.TargetMm,
                    lengthMm = first.Risk.LengthMm,
                    minClearanceMm = first.Risk.Clearances.Where(c => double.IsFinite(c.MinClearanceMm)).ToDictionary(c => c.Structure, c => c.MinClearanceMm),
                    safe = first.Risk.Safe,
                    violations = first.Risk.Violations,
                    explanation = first.Suggestion?.Best.Explanation,
                },
                candidates = outcome.Candidates,
                revision,
                needles = outcome.Needles.Select(n => new
                {
                    n.Needle, n.Risk, n.Zone, n.Coverage, overlapping = n.Overlapping,
                    paretoFront = n.Suggestion?.ParetoFront.Count, skinCandidates = n.Suggestion?.SkinCandidates, rejected = n.Suggestion?.Rejected,
                }),
                plan = outcome.Plan,
                seconds = Math.Round(outcome.Seconds, 3),
            });
            return;
        }
        if (outcome.Needles.Count == 0) Output.Result("plan: no target, nothing to plan");
        foreach (NeedleOutcome n in outcome.Needles)
        {
            Output.Result($"{n.Needle.Name} -> {n.Needle.Target}: entry {n.Risk.EntryMm} -> tip {n.Risk.TargetMm} mm (LPS)" + (n.Risk.Safe ? "  OK" : "  CHECK"));
            Output.Result($"  {n.Risk.Describe()}");
            if (n.Suggestion is { } s) Output.Result($"  {s.SafeCandidates} safe of {s.SkinCandidates} skin entries, {s.ParetoFront.Count} on the Pareto front; {s.Best.Explanation}");
            if (n.Zone is { } z) Output.Result($"  zone {z.LengthMm:0} x {z.DiameterMm:0} mm ({z.VolumeMl:0.0} mL) centred at {z.CenterMm}; {n.Needle.Settings!.Device} {n.Needle.Settings.PowerW} W {n.Needle.Settings.TimeS} s (device table rows are illustrative until checked against the IFU)");
            if (n.Coverage is { } c) Output.Result($"  {c.Describe()}");
            if (n.Overlapping is { Count: > 1 } o) Output.Result($"  one zone is not enough: {o.Count} overlapping zones centred at {string.Join("; ", o.Select(x => x.CenterMm.ToString()))}");
        }
        Output.Result($"plan saved as version {revision} ({outcome.Seconds:0.00} s); undo with 'surgicalnav plan CASE --undo'");
    }
}
