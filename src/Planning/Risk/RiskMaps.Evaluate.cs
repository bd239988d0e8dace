using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Risk;

public sealed partial class RiskMaps
{
    /// <summary>
    /// The risk of the straight path from <paramref name="entryMm"/> to <paramref name="targetMm"/> (patient LPS mm)
    /// for a needle with <paramref name="usableLengthMm"/>; angles to the skin normal above
    /// <paramref name="maxAngleDeg"/> are violations. Samples every half of the smallest voxel spacing.
    /// </summary>
    public PathRisk Evaluate(Vec3 entryMm, Vec3 targetMm, double usableLengthMm, double maxAngleDeg = 60)
    {
        if (!_g.ContainsPoint(targetMm)) throw new PlanningException($"target {targetMm} mm is outside the image; pick a target inside the volume");
        double length = (targetMm - entryMm).Length;
        if (length < 1e-6) throw new PlanningException("entry and target coincide; pick an entry point on the skin");
        int count = _names.Length;
        Span<double> min = stackalloc double[count];
        Span<double> at = stackalloc double[count];
        double inside = March(_g.PatientToIndex(entryMm), _g.PatientToIndex(targetMm), length, min, at);
        double angle = AngleToNormalDeg(entryMm, targetMm);
        return Build(entryMm, targetMm, length, inside, angle, usableLengthMm, maxAngleDeg, min, at);
    }

    /// <summary>
    /// Fast screen of the path from <paramref name="entryMm"/> to <paramref name="targetMm"/> (patient LPS mm) for
    /// suggestion: the index into <see cref="Structures"/> of the first organ at risk whose clearance requirement is
    /// broken (at the first sample where any is), or -1, and the smallest clearance slack over all organs (clearance
    /// less requirement, mm) capped at <paramref name="capSlackMm"/>. Both equal what the full half-voxel walk gives:
    /// the walk visits a subset of its samples and skips only samples that provably cannot lower the running minimum,
    /// because clearance is 1-Lipschitz along the path (a voxel diagonal added for the rounding to voxel centres).
    /// </summary>
    public int Screen(Vec3 entryMm, Vec3 targetMm, double capSlackMm, out double worstSlackMm)
    {
        worstSlackMm = capSlackMm;
        double length = (targetMm - entryMm).Length;
        int steps = Math.Max(1, (int)Math.Ceiling(length / _stepMm));
        double ds = length / steps;
        Vec3 entryIndex = _g.PatientToIndex(entryMm);
        Vec3 delta = (_g.PatientToIndex(targetMm) - entryIndex) / steps;
        byte[] labels = _map.Labels.Data;
        Int3 d = _g.Dimensions;
        int count = _names.Length;
        for (int s = 0; s <= steps;)
        {
            int i = (int)Math.Round(entryIndex.X + delta.X * s), j = (int)Math.Round(entryIndex.Y + delta.Y * s), k = (int)Math.Round(entryIndex.Z + delta.Z * s);
            if (!_g.Contains(i, j, k) || labels[(k * d.Y + j) * d.X + i] == 0) { s++; continue; }
            double least = double.PositiveInfinity;
            for (int o = 0; o < count; o++)
            {
                double slack = Clearance(o, i, j, k) - _required[o];
                if (slack < 0) return o;
                least = Math.Min(least, slack);
            }
            if (least < worstSlackMm) worstSlackMm = least;
            // Samples closer than this along the path cannot have a slack below the running minimum.
            double skipMm = least - worstSlackMm - _voxelDiagonalMm - 1e-6;
            s += skipMm > ds ? (int)(skipMm / ds) : 1;
        }
        return -1;
    }

    /// <summary>The full risk of a path already screened (angle in degrees given), with where each clearance is smallest.</summary>
    internal PathRisk EvaluateScreened(Vec3 entryMm, Vec3 targetMm, double usableLengthMm, double angleDeg)
    {
        double length = (targetMm - entryMm).Length;
        int count = _names.Length;
        Span<double> min = stackalloc double[count];
        Span<double> at = stackalloc double[count];
        double inside = March(_g.PatientToIndex(entryMm), _g.PatientToIndex(targetMm), length, min, at);
        return Build(entryMm, targetMm, length, inside, angleDeg, usableLengthMm, 180, min, at);
    }

    private PathRisk Build(Vec3 entryMm, Vec3 targetMm, double length, double inside, double angle, double usableLengthMm, double maxAngleDeg, ReadOnlySpan<double> min, ReadOnlySpan<double> at)
    {
        int count = _names.Length;
        var clearances = new StructureClearance[count];
        var violations = new List<string>();
        for (int o = 0; o < count; o++)
        {
            clearances[o] = new StructureClearance(_names[o], min[o], at[o], _required[o]);
            if (min[o] <= 0) violations.Add($"crosses {_names[o]} at {at[o]:0.0} mm from the entry");
            else if (min[o] < _required[o]) violations.Add($"{_names[o]} clearance {min[o]:0.0} mm at {at[o]:0.0} mm from the entry is below the required {_required[o]:0.#} mm");
        }
        if (angle > maxAngleDeg) violations.Add($"angle to the skin normal {angle:0}° exceeds {maxAngleDeg:0}°");
        if (length > usableLengthMm) violations.Add($"insertion depth {length:0.0} mm exceeds the needle's usable {usableLengthMm:0} mm");
        return new PathRisk(entryMm, targetMm, length, inside, angle, length, usableLengthMm, clearances, violations);
    }

    /// <summary>Angle in degrees between the insertion direction and the inward skin normal at the entry (0 = perpendicular to the skin; 90 when no normal is defined).</summary>
    public double AngleToNormalDeg(Vec3 entryMm, Vec3 targetMm)
    {
        Vec3 n = SkinNormal(entryMm);
        if (n == Vec3.Zero) return 90;
        Vec3 dir = (targetMm - entryMm).Normalized();
        return Math.Acos(Math.Clamp(-Vec3.Dot(dir, n), -1, 1)) * 180 / Math.PI;
    }

    /// <summary>
    /// Walks from entry to target (continuous voxel indices), filling the minimum clearance per structure and where
    /// it occurs in mm from the entry; returns the length in mm inside the body.
    /// </summary>
    private double March(Vec3 entryIndex, Vec3 targetIndex, double lengthMm, Span<double> min, Span<double> at)
    {
        min.Fill(double.PositiveInfinity);
        at.Clear();
        int steps = Math.Max(1, (int)Math.Ceiling(lengthMm / _stepMm));
        double ds = lengthMm / steps, inside = 0;
        Vec3 delta = (targetIndex - entryIndex) / steps;
        byte[] labels = _map.Labels.Data;
        Int3 d = _g.Dimensions;
        for (int s = 0; s <= steps; s++)
        {
            int i = (int)Math.Round(entryIndex.X + delta.X * s), j = (int)Math.Round(entryIndex.Y + delta.Y * s), k = (int)Math.Round(entryIndex.Z + delta.Z * s);
            if (!_g.Contains(i, j, k)) continue;
            if (labels[(k * d.Y + j) * d.X + i] == 0) continue; // air outside the skin carries no risk
            if (s > 0) inside += ds;
            for (int o = 0; o < min.Length; o++)
            {
                double c = Clearance(o, i, j, k);
                if (c < min[o]) { min[o] = c; at[o] = s * ds; }
            }
        }
        return inside;
    }
}
