using System.Diagnostics;
using SurgicalNav.Imaging;
using SurgicalNav.Planning.Risk;

namespace SurgicalNav.Planning.Suggestion;

/// <summary>
/// Suggests skin entry points for a straight needle to a target, after Baegert 2007 and Seitel 2011: enumerate
/// candidate entries on the reachable skin at a fixed spacing, reject those whose path crosses or comes too close to
/// an organ at risk, exceeds the needle, or meets the skin too obliquely, then rank the rest on length, clearance and
/// angle, keep the Pareto front and pick the best weighted compromise on it.
/// </summary>
public static partial class EntrySuggester
{
    /// <summary>Entry suggestion for a target in patient LPS mm; throws <see cref="PlanningException"/> when the target is outside the body or no entry is safe.</summary>
    public static EntrySuggestion Suggest(RiskMaps maps, Vec3 targetMm, NeedleModel needle, SuggestionOptions? options = null)
    {
        options ??= new SuggestionOptions();
        var clock = Stopwatch.StartNew();
        ImageGeometry g = maps.Map.Geometry;
        Int3 t = g.NearestVoxel(targetMm) ?? throw new PlanningException($"target {targetMm} mm is outside the image; pick a target inside the volume");
        if (maps.Map.Labels[t.X, t.Y, t.Z] == 0) throw new PlanningException($"target {targetMm} mm is outside the body; pick a target inside the patient");

        List<Vec3> skin = SkinCandidates(maps.Map, targetMm, needle.LengthMm, options.SpacingMm, out int beyondReach);
        // Per candidate: why it was rejected (see Reason) and its screened objectives; no allocation per candidate.
        int n = skin.Count, structures = maps.Structures.Count;
        var reason = new int[n];
        var slack = new double[n];
        var angles = new double[n];
        Parallel.For(0, n, c =>
        {
            Vec3 entry = skin[c];
            Vec3 normal = maps.SkinNormal(entry);
            if (options.SupineOnly && normal.Y > 0.5) { reason[c] = Supine; return; }
            double angle = normal == Vec3.Zero ? 90 : Math.Acos(Math.Clamp(-Vec3.Dot((targetMm - entry).Normalized(), normal), -1, 1)) * 180 / Math.PI;
            if (angle > options.MaxAngleDeg) { reason[c] = Oblique; return; }
            angles[c] = angle;
            int violated = maps.Screen(entry, targetMm, options.ClearanceCreditCapMm, out slack[c]);
            reason[c] = violated < 0 ? Safe : Crosses + violated;
        });
        var rejected = new Dictionary<string, int>();
        if (beyondReach > 0) rejected["beyond the needle's usable length"] = beyondReach;
        var survivors = new List<Screened>();
        var counts = new int[Crosses + structures];
        for (int c = 0; c < n; c++)
        {
            if (reason[c] == Safe) survivors.Add(new Screened(skin[c], (targetMm - skin[c]).Length, slack[c], angles[c]));
            else counts[reason[c]]++;
        }
        if (counts[Supine] > 0) rejected["skin faces the table (patient supine)"] = counts[Supine];
        if (counts[Oblique] > 0) rejected[$"angle to the skin above {options.MaxAngleDeg:0}°"] = counts[Oblique];
        for (int o = 0; o < structures; o++)
        {
            if (counts[Crosses + o] > 0) rejected[$"crosses or comes too close to {maps.Structures[o]}"] = counts[Crosses + o];
        }
        if (survivors.Count == 0)
        {
            throw new PlanningException($"no skin entry within {needle.LengthMm:0} mm reaches the target at {targetMm} mm safely (" +
                string.Join(", ", rejected.Select(r => $"{r.Value} {r.Key}")) + "); try a longer needle, a lower clearance or a larger angle");
        }
        (List<EntryCandidate> front, EntryCandidate best) = Rank(survivors, options,
            x => maps.EvaluateScreened(x.EntryMm, targetMm, needle.LengthMm, x.AngleDeg));
        return new EntrySuggestion(best, front, skin.Count + beyondReach, survivors.Count, rejected, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Rejection codes per candidate; <see cref="Crosses"/> + o names organ at risk o.</summary>
    private const int Safe = 0, Supine = 1, Oblique = 2, Crosses = 3;

    /// <summary>A candidate that passed the screen: entry (LPS mm), path length (mm), worst clearance slack capped at the credit cap (mm), angle to the skin normal (degrees).</summary>
    private readonly record struct Screened(Vec3 EntryMm, double LengthMm, double CappedSlackMm, double AngleDeg);

    /// <summary>Skin voxels (body with a background 6-neighbour inside the image) within reach, one per cell of <paramref name="spacingMm"/>.</summary>
    private static List<Vec3> SkinCandidates(Segmentation.LabelMap map, Vec3 targetMm, double reachMm, double spacingMm, out int beyondReach)
    {
        ImageGeometry g = map.Geometry;
        Int3 d = g.Dimensions;
        byte[] labels = map.Labels.Data;
        Vec3 c = g.PatientToIndex(targetMm);
        int Lo(int axis) => Math.Clamp((int)Math.Floor(c[axis] - reachMm / g.SpacingMm[axis]) - 1, 0, d[axis] - 1);
        int Hi(int axis) => Math.Clamp((int)Math.Ceiling(c[axis] + reachMm / g.SpacingMm[axis]) + 1, 0, d[axis] - 1);
        int i0 = Lo(0), i1 = Hi(0), j0 = Lo(1), j1 = Hi(1), k0 = Lo(2), k1 = Hi(2);
        var perSlice = new List<(long Cell, Vec3 P, bool Reach)>[k1 - k0 + 1];
        Parallel.For(k0, k1 + 1, k =>
        {
            var found = new List<(long, Vec3, bool)>();
            for (int j = j0; j <= j1; j++)
            {
                int row = (k * d.Y + j) * d.X;
                for (int i = i0; i <= i1; i++)
                {
                    int n = row + i;
                    if (labels[n] == 0) continue;
                    bool skin = (i > 0 && labels[n - 1] == 0) || (i < d.X - 1 && labels[n + 1] == 0)
                             || (j > 0 && labels[n - d.X] == 0) || (j < d.Y - 1 && labels[n + d.X] == 0)
                             || (k > 0 && labels[n - d.X * d.Y] == 0) || (k < d.Z - 1 && labels[n + d.X * d.Y] == 0);
                    if (!skin) continue;
                    Vec3 p = g.IndexToPatient(i, j, k);
                    long cell = (((long)Math.Floor(p.X / spacingMm) + 100_000) * 200_000 + (long)Math.Floor(p.Y / spacingMm) + 100_000) * 200_000 + (long)Math.Floor(p.Z / spacingMm) + 100_000;
                    found.Add((cell, p, (p - targetMm).Length <= reachMm));
                }
            }
            perSlice[k - k0] = found;
        });
        var seen = new HashSet<long>();
        var result = new List<Vec3>();
        beyondReach = 0;
        foreach (var slice in perSlice)
        foreach ((long cell, Vec3 p, bool reach) in slice)
        {
            if (!seen.Add(cell)) continue;
            if (reach) result.Add(p); else beyondReach++;
        }
        return result;
    }
}
