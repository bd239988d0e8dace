using System.Collections.Concurrent;
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
        var rejected = new ConcurrentDictionary<string, int>();
        if (beyondReach > 0) rejected["beyond the needle's usable length"] = beyondReach;
        var safe = new PathRisk?[skin.Count];
        Parallel.For(0, skin.Count, n =>
        {
            Vec3 entry = skin[n];
            Vec3 normal = maps.SkinNormal(entry);
            if (options.SupineOnly && normal.Y > 0.5) { rejected.AddOrUpdate("skin faces the table (patient supine)", 1, (_, c) => c + 1); return; }
            double angle = normal == Vec3.Zero ? 90 : Math.Acos(Math.Clamp(-Vec3.Dot((targetMm - entry).Normalized(), normal), -1, 1)) * 180 / Math.PI;
            if (angle > options.MaxAngleDeg) { rejected.AddOrUpdate($"angle to the skin above {options.MaxAngleDeg:0}°", 1, (_, c) => c + 1); return; }
            safe[n] = maps.EvaluateIfClear(entry, targetMm, needle.LengthMm, angle, out string? failed);
            if (failed is not null) rejected.AddOrUpdate($"crosses or comes too close to {failed}", 1, (_, c) => c + 1);
        });
        List<PathRisk> survivors = safe.Where(s => s is not null).Select(s => s!).ToList();
        if (survivors.Count == 0)
        {
            throw new PlanningException($"no skin entry within {needle.LengthMm:0} mm reaches the target at {targetMm} mm safely (" +
                string.Join(", ", rejected.Select(r => $"{r.Value} {r.Key}")) + "); try a longer needle, a lower clearance or a larger angle");
        }
        (List<EntryCandidate> front, EntryCandidate best) = Rank(survivors, options);
        return new EntrySuggestion(best, front, skin.Count + beyondReach, survivors.Count, new Dictionary<string, int>(rejected), clock.Elapsed.TotalSeconds);
    }

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
