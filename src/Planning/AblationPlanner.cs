using System.Diagnostics;
using System.Globalization;
using SurgicalNav.Imaging;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Risk;
using SurgicalNav.Planning.Suggestion;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning;

/// <summary>
/// The planning front door: targets from a segment or a point, a suggested (or given) safe entry per target, the
/// needle tip placed so the table zone is centred on the target, and the zone's coverage of the tumour.
/// Everything is checked before anything is returned, so a caller that saves only on success never saves a bad plan.
/// </summary>
public static class AblationPlanner
{
    /// <summary>Makes a plan; throws <see cref="PlanningException"/> for a bad target, device, settings or needle.</summary>
    public static PlanOutcome Make(LabelMap map, PlanRequest request, AblationDeviceTable? table = null)
    {
        var clock = Stopwatch.StartNew();
        NeedleModel needle = request.Needle ?? NeedleModel.Default;
        (AblationDevice Device, AblationZoneRow Row)? device = request.Settings is null ? null : (table ?? AblationDeviceTable.Load()).Find(request.Settings);
        IReadOnlyDictionary<string, double> oar = request.OrgansAtRisk ?? PlanRequest.DefaultOrgansAtRisk;
        IReadOnlyList<PlanTarget> targets = Targets(map, request.Target);
        var outcomes = new List<NeedleOutcome>();
        int candidates = 0;
        // One set of distance maps for every target: the costly part, shared rather than rebuilt per tumour.
        RiskMaps maps = RiskMaps.Around(map, oar, targets.Select(t => t.CenterMm).ToList(), needle.LengthMm);
        // Building the maps left box-sized transients behind; return them before the targets' work allocates.
        FreedMemory.Return();
        foreach (PlanTarget target in targets)
        {
            EntrySuggestion? suggestion = null;
            Vec3 entry;
            if (request.EntryMm is Vec3 manual) entry = manual;
            else
            {
                suggestion = EntrySuggester.Suggest(maps, target.CenterMm, needle, request.Suggestion);
                entry = suggestion.Best.Risk.EntryMm;
                candidates += suggestion.SafeCandidates;
            }
            Vec3 axis = (target.CenterMm - entry).Normalized();
            // With a device the tip goes past the target by the zone's offset, so the zone is centred on the target.
            Vec3 tip = device is null ? target.CenterMm : target.CenterMm + axis * device.Value.Device.TipOffsetMm;
            PathRisk risk = maps.Evaluate(entry, tip, needle.LengthMm, (request.Suggestion ?? new SuggestionOptions()).MaxAngleDeg);
            AblationZone? zone = device is null ? null : AblationZone.ForNeedle(entry, tip, device.Value.Row, device.Value.Device.TipOffsetMm);
            CoverageReport? coverage = null;
            IReadOnlyList<AblationZone>? overlapping = null;
            Volume<byte>? tumor = zone is null ? null : TumorPartAt(map, target.CenterMm);
            if (zone is not null && tumor is not null)
            {
                coverage = AblationCoverage.Evaluate(map, tumor, [zone], request.MarginMm);
                if (!coverage.MeetsMargin) overlapping = AblationCoverage.SuggestOverlapping(tumor, zone, request.MarginMm);
            }
            var planned = new PlannedNeedle($"needle {outcomes.Count + 1}", target.Name, entry, tip, needle, request.Settings);
            outcomes.Add(new NeedleOutcome(planned, risk, suggestion, zone, coverage, overlapping));
        }
        var trajectories = outcomes.Select(o => ToTrajectory(o, targets)).ToList();
        var plan = new Plan(targets, trajectories, request.MarginMm, new Dictionary<string, double>(oar), outcomes.Select(o => o.Needle).ToList());
        return new PlanOutcome(plan, outcomes, candidates, clock.Elapsed.TotalSeconds);
    }

    private static Trajectory ToTrajectory(NeedleOutcome o, IReadOnlyList<PlanTarget> targets)
    {
        PathRisk r = o.Risk;
        var clearances = r.Clearances.Where(c => double.IsFinite(c.MinClearanceMm)).ToDictionary(c => c.Structure, c => c.MinClearanceMm);
        string kind = o.Suggestion is null ? "manual" : "suggested";
        return new Trajectory($"{o.Needle.Target} · {kind}", o.Needle.Target, r.EntryMm, r.TargetMm, r.LengthMm, clearances, r.Safe,
            r.Safe ? null : string.Join("; ", r.Violations));
    }

    /// <summary>Targets from "x,y,z" (patient LPS mm) or a segment name; throws when outside the image or body.</summary>
    public static IReadOnlyList<PlanTarget> Targets(LabelMap map, string target)
    {
        string[] parts = target.Split(',');
        if (parts.Length == 3 && parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            var p = new Vec3(double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
            Int3 v = map.Geometry.NearestVoxel(p) ?? throw new PlanningException($"target {p} mm is outside the image (bounds {map.Geometry.PatientBounds()}); pick a point inside the volume");
            if (map.Labels[v.X, v.Y, v.Z] == 0) throw new PlanningException($"target {p} mm is outside the body; pick a point inside the patient");
            return [new PlanTarget("point", p, 0, 0)];
        }
        IReadOnlyList<PlanTarget> found = TargetFinder.FromSegment(map, target);
        return found.Count > 0 ? found : throw new PlanningException($"segment '{target}' has no part of at least 0.05 mL to target; check the segmentation");
    }

    /// <summary>The 6-connected part of the tumour segment holding the point, or null when the point is not in a tumour.</summary>
    internal static Volume<byte>? TumorPartAt(LabelMap map, Vec3 pointMm)
    {
        SegmentInfo? tumor = map.Segments.Find("tumor");
        Int3? seed = map.Geometry.NearestVoxel(pointMm);
        if (tumor is null || seed is not Int3 s || map.Labels[s.X, s.Y, s.Z] != tumor.Value) return null;
        var mask = new Volume<byte>(map.Geometry);
        var stack = new Stack<Int3>();
        stack.Push(s);
        mask[s.X, s.Y, s.Z] = 1;
        ReadOnlySpan<(int, int, int)> steps = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)];
        while (stack.Count > 0)
        {
            Int3 c = stack.Pop();
            foreach ((int dx, int dy, int dz) in steps)
            {
                int i = c.X + dx, j = c.Y + dy, k = c.Z + dz;
                if (!map.Geometry.Contains(i, j, k) || mask[i, j, k] != 0 || map.Labels[i, j, k] != tumor.Value) continue;
                mask[i, j, k] = 1;
                stack.Push(new Int3(i, j, k));
            }
        }
        return mask;
    }
}
