using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.App.Commands;

/// <summary>
/// Reads tool poses (tool to tracker) from CSV, one pose per line, in one of two layouts:
/// 17 numbers: timestamp in seconds, then the 4x4 matrix row-major (mm);
/// 8 numbers: timestamp in seconds, position x,y,z in mm, quaternion qx,qy,qz,qw (scalar last, as OpenIGTLink).
/// A header line and '#' comment lines are skipped.
/// </summary>
public static class PoseCsv
{
    /// <summary>Reads every pose; throws <see cref="InvalidDataException"/> naming the file and line on bad input.</summary>
    public static IReadOnlyList<ToolPose> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"pose file '{path}' does not exist; give a CSV of tool poses (see surgicalnav help)", path);
        var poses = new List<ToolPose>();
        string[] lines = File.ReadAllLines(path);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] cells = line.Split(',');
            var v = new double[cells.Length];
            bool numeric = true;
            for (int i = 0; i < cells.Length && numeric; i++) numeric = double.TryParse(cells[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]);
            if (!numeric && poses.Count == 0 && n == FirstContentLine(lines)) continue;
            if (!numeric || (v.Length != 17 && v.Length != 8))
            {
                throw new InvalidDataException($"{path} line {n + 1}: expected 17 numbers (t_s then 4x4 row-major) or 8 numbers (t_s,x,y,z,qx,qy,qz,qw), got {cells.Length} cells");
            }
            if (v.Any(x => !double.IsFinite(x))) throw new InvalidDataException($"{path} line {n + 1}: a number is NaN or infinite; drop poses where the tool was not seen");
            try
            {
                RigidTransform t = v.Length == 17
                    ? RigidTransform.FromRowMajor(v.AsSpan(1, 16))
                    : new RigidTransform(RotationMath.FromQuaternion(v[4], v[5], v[6], v[7]), new Vec3(v[1], v[2], v[3]));
                poses.Add(new ToolPose(t, (long)Math.Round(v[0] * 1e9)));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path} line {n + 1}: {e.Message}", e);
            }
        }
        if (poses.Count == 0) throw new InvalidDataException($"{path}: no poses found");
        return poses;
    }

    private static int FirstContentLine(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            string s = lines[i].Trim();
            if (s.Length > 0 && !s.StartsWith('#')) return i;
        }
        return -1;
    }
}
