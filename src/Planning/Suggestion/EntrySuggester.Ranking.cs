using SurgicalNav.Planning.Risk;

namespace SurgicalNav.Planning.Suggestion;

public static partial class EntrySuggester
{
    /// <summary>Weights of the normalised objectives: length, clearance, angle.</summary>
    private const double LengthWeight = 1, ClearanceWeight = 1, AngleWeight = 0.5;

    /// <summary>
    /// The Pareto front over (shorter, clearer, flatter) and the front member with the lowest weighted score; only
    /// front members get the full path evaluation (<paramref name="evaluate"/>) with clearances and where they occur.
    /// </summary>
    private static (List<EntryCandidate> Front, EntryCandidate Best) Rank(List<Screened> safe, SuggestionOptions options, Func<Screened, PathRisk> evaluate)
    {
        // Objectives rounded to what matters clinically (0.5 mm, 1°) so near-identical neighbours don't inflate the front.
        var items = safe.Select(r => (Entry: r,
            Length: Math.Round(r.LengthMm * 2) / 2,
            Slack: Math.Round(Math.Min(r.CappedSlackMm, options.ClearanceCreditCapMm) * 2) / 2,
            Angle: Math.Round(r.AngleDeg))).OrderBy(x => x.Length).ThenByDescending(x => x.Slack).ThenBy(x => x.Angle).ToList();
        double minLen = items.Min(x => x.Length), maxLen = items.Max(x => x.Length);
        double minSlack = items.Min(x => x.Slack), maxSlack = items.Max(x => x.Slack);
        double Score((Screened Entry, double Length, double Slack, double Angle) x) =>
            LengthWeight * Normalise(x.Length, minLen, maxLen) + ClearanceWeight * (1 - Normalise(x.Slack, minSlack, maxSlack))
            + AngleWeight * x.Angle / Math.Max(options.MaxAngleDeg, 1);

        var front = new List<(Screened Entry, double Length, double Slack, double Angle)>();
        foreach (var x in items)
        {
            // Sorted by length, so only an earlier item can dominate this one.
            bool dominated = front.Any(f => f.Length <= x.Length && f.Slack >= x.Slack && f.Angle <= x.Angle);
            if (!dominated) front.Add(x);
        }
        var candidates = front.Select(x =>
        {
            PathRisk risk = evaluate(x.Entry);
            return new EntryCandidate(risk, Score(x), true, Explain(risk, Score(x), items.Count));
        }).OrderBy(c => c.Score).ToList();
        EntryCandidate best = candidates[0];
        best = best with
        {
            Explanation = $"best: lowest weighted score among {items.Count} safe entries (length x{LengthWeight}, clearance x{ClearanceWeight}, angle x{AngleWeight}, each normalised over the safe entries); " + best.Explanation,
        };
        candidates[0] = best;
        return (candidates, best);
    }

    private static double Normalise(double v, double lo, double hi) => hi - lo < 1e-9 ? 0 : (v - lo) / (hi - lo);

    private static string Explain(PathRisk r, double score, int safe)
    {
        StructureClearance? closest = r.Clearances.OrderBy(c => c.MinClearanceMm - c.RequiredMm).FirstOrDefault();
        string clearance = closest is null ? "no organ at risk in the image"
            : $"closest organ at risk {closest.Structure} {closest.MinClearanceMm:0.0} mm at {closest.AtMmFromEntry:0} mm from the entry (required {closest.RequiredMm:0.#} mm)";
        return $"length {r.LengthMm:0.0} mm, {clearance}, angle to the skin normal {r.SkinAngleDeg:0}°, score {score:0.00}; " +
               $"on the Pareto front: none of the other {safe - 1} safe entries is at once shorter, clearer and closer to perpendicular";
    }
}
