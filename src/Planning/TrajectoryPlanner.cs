using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Planning;

/// <summary>
/// Suggests straight needle paths from the skin to a target that keep clear of bone and vessels. It casts
/// rays from the target in evenly spread directions, finds where each leaves the body (the skin entry),
/// measures the clearance along it with exact distance maps, and picks the shortest safe path.
/// </summary>
public sealed class TrajectoryPlanner
{
    private readonly LabelMap _map;
    private readonly PlanningOptions _options;
    private readonly Volume<float> _vesselDistance;
    private readonly Volume<float> _boneDistance;
    private readonly double _halfVoxelMm;

    /// <summary>Prepares distance maps (mm) to the label map's vessels and bone.</summary>
    public TrajectoryPlanner(LabelMap map, PlanningOptions? options = null)
    {
        _map = map;
        _options = options ?? new PlanningOptions();
        _vesselDistance = DistanceTo(map, "vessels");
        _boneDistance = DistanceTo(map, "bone");
        Vec3 s = map.Geometry.SpacingMm;
        _halfVoxelMm = (s.X + s.Y + s.Z) / 6;
    }

    /// <summary>The settings in use.</summary>
    public PlanningOptions Options => _options;

    /// <summary>
    /// The best trajectory to the target and the number of candidate directions that reached the skin safely.
    /// Throws <see cref="PlanningException"/> when the target is outside the body or no path reaches the skin.
    /// </summary>
    public (Trajectory Best, int SafeCandidates) Suggest(PlanTarget target)
    {
        ImageGeometry g = _map.Geometry;
        Int3 voxel = g.NearestVoxel(target.CenterMm)
            ?? throw new PlanningException($"target '{target.Name}' at {target.CenterMm} mm is outside the image; pick a target inside the volume");
        if (_map.Labels[voxel.X, voxel.Y, voxel.Z] == 0)
        {
            throw new PlanningException($"target '{target.Name}' at {target.CenterMm} mm is outside the body; pick a target inside the patient");
        }
        Trajectory? best = null, fallback = null;
        double bestScore = double.MaxValue, fallbackClearance = double.MinValue;
        int safe = 0;
        int n = _options.Directions;
        for (int d = 0; d < n; d++)
        {
            // Fibonacci sphere: evenly spread unit directions.
            double z = 1 - 2 * (d + 0.5) / n, r = Math.Sqrt(1 - z * z), phi = d * Math.PI * (3 - Math.Sqrt(5));
            Vec3 direction = new(r * Math.Cos(phi), r * Math.Sin(phi), z);
            Trajectory? t = Cast(target, direction);
            if (t is null) continue;
            double clearance = Math.Min(t.ClearanceMm("vessels"), t.ClearanceMm("bone"));
            if (t.MeetsClearance)
            {
                safe++;
                // Shorter is better; clearance beyond the requirement earns credit up to 10 mm.
                double score = t.LengthMm - 4 * Math.Min(clearance, 10);
                if (score < bestScore) { bestScore = score; best = t; }
            }
            else if (clearance > fallbackClearance)
            {
                fallbackClearance = clearance;
                fallback = t;
            }
        }
        if (best is not null) return (best, safe);
        if (fallback is not null)
        {
            return (fallback with
            {
                Warning = $"no path keeps {_options.VesselClearanceMm} mm from vessels and {_options.BoneClearanceMm} mm from bone; this is the widest-clearance path, review it",
            }, 0);
        }
        throw new PlanningException(
            $"no straight path of at most {_options.NeedleLengthMm} mm reaches '{target.Name}' from the skin without crossing bone or vessels; try a longer needle (--needle-length-mm)");
    }

    /// <summary>Evaluates a given straight path (for example one the user drew): length and clearances in mm.</summary>
    public Trajectory Evaluate(string name, PlanTarget target, Vec3 entryMm)
    {
        Vec3 path = entryMm - target.CenterMm;
        double length = path.Length;
        if (length < 1e-6) throw new PlanningException("entry and target coincide; pick an entry point on the skin");
        (double vessel, double bone, bool crosses) = Clearances(target.CenterMm, path / length, length);
        return Build(name, target, entryMm, length, vessel, bone, crosses);
    }

    private Trajectory? Cast(PlanTarget target, Vec3 direction)
    {
        ImageGeometry g = _map.Geometry;
        double step = Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z)) * 0.5;
        double vessel = double.MaxValue, bone = double.MaxValue;
        for (double s = 0; s <= _options.NeedleLengthMm; s += step)
        {
            Vec3 p = target.CenterMm + direction * s;
            Int3? v = g.NearestVoxel(p);
            if (v is null) return null; // left the image before the skin: not a skin entry
            Int3 q = v.Value;
            if (_map.Labels[q.X, q.Y, q.Z] == 0)
            {
                return Build("suggested", target, p, s, vessel, bone, crossesStructure: vessel <= 0 || bone <= 0);
            }
            vessel = Math.Min(vessel, Clearance(_vesselDistance, q));
            bone = Math.Min(bone, Clearance(_boneDistance, q));
            if (bone <= 0 || vessel <= 0) return null; // crosses a structure at risk
        }
        return null; // the skin is beyond the needle's reach
    }

    private (double Vessel, double Bone, bool Crosses) Clearances(Vec3 from, Vec3 direction, double length)
    {
        ImageGeometry g = _map.Geometry;
        double step = Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z)) * 0.5;
        double vessel = double.MaxValue, bone = double.MaxValue;
        for (double s = 0; s <= length; s += step)
        {
            Int3? v = g.NearestVoxel(from + direction * s);
            if (v is null) continue;
            vessel = Math.Min(vessel, Clearance(_vesselDistance, v.Value));
            bone = Math.Min(bone, Clearance(_boneDistance, v.Value));
        }
        return (vessel, bone, vessel <= 0 || bone <= 0);
    }

    private Trajectory Build(string name, PlanTarget target, Vec3 entry, double length, double vessel, double bone, bool crossesStructure)
    {
        bool ok = !crossesStructure && vessel >= _options.VesselClearanceMm && bone >= _options.BoneClearanceMm && length <= _options.NeedleLengthMm;
        string? warning = crossesStructure ? "the path crosses bone or a vessel"
            : length > _options.NeedleLengthMm ? $"the path is {length:0.0} mm, longer than the needle's {_options.NeedleLengthMm} mm"
            : !ok ? $"clearance below the minimum ({_options.VesselClearanceMm} mm to vessels, {_options.BoneClearanceMm} mm to bone)"
            : null;
        // Unrounded: the record must agree with its own endpoints and with MeetsClearance; views round for display.
        var clearances = new Dictionary<string, double>();
        if (double.IsFinite(vessel)) clearances["vessels"] = vessel;
        if (double.IsFinite(bone)) clearances["bone"] = bone;
        return new Trajectory($"{target.Name} · {name}", target.Name, entry, target.CenterMm, length, clearances, ok, warning);
    }

    /// <summary>Distance from a voxel centre to the nearest structure surface in mm: centre distance less half a voxel, never negative.</summary>
    private double Clearance(Volume<float> distance, Int3 v)
    {
        float d = distance[v.X, v.Y, v.Z];
        return d == 0 ? 0 : Math.Max(d - _halfVoxelMm, 0.001);
    }

    private static Volume<float> DistanceTo(LabelMap map, string segment)
    {
        SegmentInfo? s = map.Segments.Find(segment);
        // A label map without this structure has nothing to keep clear of: the distance is infinite everywhere.
        return DistanceTransform.Unsigned(s is null ? new Volume<byte>(map.Geometry) : map.MaskOf(s.Value));
    }
}
