using SurgicalNav.Imaging;

namespace SurgicalNav.App.Commands;

/// <summary>
/// Reads fiducial points from CSV: one point per line as x,y,z in mm. A header line, a leading label column
/// (as in 3D Slicer's markups CSV: label,x,y,z,...) and trailing columns are accepted; lines starting with '#'
/// are comments. A header naming the columns r,a,s (Slicer's RAS) is converted to LPS.
/// </summary>
public static class PointsCsv
{
    /// <summary>Reads the points (patient LPS mm); throws <see cref="InvalidDataException"/> naming the file and line on bad input.</summary>
    public static IReadOnlyList<Vec3> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"point file '{path}' does not exist; give a CSV with one x,y,z point (mm) per line", path);
        var points = new List<Vec3>();
        int column = -1;
        bool ras = false;
        string[] lines = File.ReadAllLines(path);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (points.Count == 0 && column < 0 && IsHeader(cells, out int headerColumn, out ras))
            {
                column = headerColumn;
                continue;
            }
            int first = column >= 0 ? column : (cells.Length > 0 && !IsNumber(cells[0]) ? 1 : 0);
            if (cells.Length < first + 3)
            {
                throw new InvalidDataException($"{path} line {n + 1}: expected x,y,z in mm (optionally after a label), got '{Shorten(line)}'");
            }
            var v = new double[3];
            for (int k = 0; k < 3; k++)
            {
                if (!double.TryParse(cells[first + k], NumberStyles.Float, CultureInfo.InvariantCulture, out v[k]) || !double.IsFinite(v[k]))
                {
                    throw new InvalidDataException($"{path} line {n + 1}: '{Shorten(cells[first + k])}' is not a finite number (coordinates are x,y,z in mm, '.' as decimal point)");
                }
            }
            points.Add(ras ? new Vec3(-v[0], -v[1], v[2]) : new Vec3(v[0], v[1], v[2]));
        }
        if (points.Count == 0) throw new InvalidDataException($"{path}: no points found; expected one x,y,z line (mm) per fiducial");
        return points;
    }

    /// <summary>A header has no number where coordinates go; it may name x/y/z, l/p/s or r/a/s columns.</summary>
    private static bool IsHeader(string[] cells, out int coordinateColumn, out bool ras)
    {
        coordinateColumn = -1;
        ras = false;
        if (cells.Any(IsNumber)) return false;
        string[] lower = cells.Select(c => c.ToLowerInvariant()).ToArray();
        foreach ((string first, bool isRas) in new[] { ("x", false), ("l", false), ("r", true) })
        {
            int i = Array.IndexOf(lower, first);
            if (i >= 0 && i + 2 < lower.Length)
            {
                coordinateColumn = i;
                ras = isRas;
                return true;
            }
        }
        coordinateColumn = cells.Length > 3 ? 1 : 0;
        return true;
    }

    private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
