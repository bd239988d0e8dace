using System.Text;

namespace SurgicalNav.Imaging.Nrrd;

public static partial class NrrdFile
{
    private static string BuildHeader(string type, ImageGeometry g, bool gzip, IReadOnlyDictionary<string, string>? keyValues)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("NRRD0004\n# Written by SurgicalNav\n");
        sb.Append("type: ").Append(type).Append('\n');
        sb.Append("dimension: 3\nspace: left-posterior-superior\n");
        sb.Append(inv, $"sizes: {g.Dimensions.X} {g.Dimensions.Y} {g.Dimensions.Z}\n");
        sb.Append("space directions:");
        for (int c = 0; c < 3; c++)
        {
            Vec3 v = g.Direction.Column(c) * g.SpacingMm[c];
            sb.Append(inv, $" ({v.X:R},{v.Y:R},{v.Z:R})");
        }
        sb.Append("\nkinds: domain domain domain\nendian: little\n");
        sb.Append("encoding: ").Append(gzip ? "gzip" : "raw").Append('\n');
        sb.Append(inv, $"space origin: ({g.OriginMm.X:R},{g.OriginMm.Y:R},{g.OriginMm.Z:R})\n");
        if (keyValues is not null)
        {
            foreach ((string key, string value) in keyValues)
            {
                if (key.Contains(":=") || key.Contains('\n') || value.Contains('\n'))
                {
                    throw new ArgumentException($"NRRD key/value '{key}' contains ':=' or a newline");
                }
                sb.Append(key).Append(":=").Append(value).Append('\n');
            }
        }
        sb.Append('\n');
        return sb.ToString();
    }

    private static NrrdHeader ParseHeader(Stream stream, string path)
    {
        // Headers are ASCII lines ending at the first blank line; cap the size so a hostile file cannot exhaust memory.
        const int maxHeader = 1 << 20;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var keyValues = new Dictionary<string, string>();
        var line = new StringBuilder();
        long offset = 0;
        bool first = true;
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) throw new NrrdFormatException($"'{path}': header ends without the blank line that starts the data; the file is truncated or not NRRD");
            offset++;
            if (offset > maxHeader) throw new NrrdFormatException($"'{path}': header is longer than 1 MiB; this is not a NRRD volume");
            if (b != '\n')
            {
                if (b != '\r') line.Append((char)b);
                continue;
            }
            string text = line.ToString();
            line.Clear();
            if (first)
            {
                if (!text.StartsWith("NRRD000", StringComparison.Ordinal)) throw new NrrdFormatException($"'{path}' is not a NRRD file (it does not start with NRRD000x)");
                first = false;
                continue;
            }
            if (text.Length == 0) break;
            if (text.StartsWith('#')) continue;
            int kv = text.IndexOf(":=", StringComparison.Ordinal);
            int colon = text.IndexOf(": ", StringComparison.Ordinal);
            if (kv >= 0 && (colon < 0 || kv < colon)) keyValues[text[..kv]] = text[(kv + 2)..];
            else if (colon > 0) fields[text[..colon].Trim()] = text[(colon + 2)..].Trim();
            else throw new NrrdFormatException($"'{path}': header line '{text}' is neither 'field: value' nor 'key:=value'");
        }
        return BuildHeaderRecord(fields, keyValues, offset, path);
    }

    private static NrrdHeader BuildHeaderRecord(Dictionary<string, string> f, Dictionary<string, string> keyValues, long offset, string path)
    {
        string Need(string name) => f.TryGetValue(name, out string? v) ? v
            : throw new NrrdFormatException($"'{path}': header has no '{name}' field; it is required for a 3D volume");
        string type = CanonicalType(Need("type"), path);
        if (Need("dimension") != "3") throw new NrrdFormatException($"'{path}': dimension is {f["dimension"]}, SurgicalNav reads 3D volumes only");
        int[] sizes = Need("sizes").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => ParseInt(s, path)).ToArray();
        if (sizes.Length != 3 || sizes.Any(s => s <= 0)) throw new NrrdFormatException($"'{path}': sizes '{f["sizes"]}' must be three positive integers");
        if ((long)sizes[0] * sizes[1] * sizes[2] > int.MaxValue) throw new NrrdFormatException($"'{path}': {sizes[0]}x{sizes[1]}x{sizes[2]} voxels is more than one volume can hold (2^31)");
        string space = f.TryGetValue("space", out string? s0) ? s0 : "left-posterior-superior";
        double flipX, flipY;
        switch (space)
        {
            case "left-posterior-superior" or "LPS": flipX = 1; flipY = 1; break;
            case "right-anterior-superior" or "RAS": flipX = -1; flipY = -1; break;
            default: throw new NrrdFormatException($"'{path}': space '{space}' is not supported; use left-posterior-superior or right-anterior-superior");
        }
        Vec3[] dirs = ParseVectors(Need("space directions"), 3, path);
        Vec3 origin = f.TryGetValue("space origin", out string? o) ? ParseVectors(o, 1, path)[0] : Vec3.Zero;
        var spacing = new Vec3(dirs[0].Length, dirs[1].Length, dirs[2].Length);
        if (spacing.X <= 0 || spacing.Y <= 0 || spacing.Z <= 0) throw new NrrdFormatException($"'{path}': a space direction has zero length");
        Vec3 Lps(Vec3 v) => new(v.X * flipX, v.Y * flipY, v.Z);
        var direction = Matrix3.FromColumns(Lps(dirs[0]) / spacing.X, Lps(dirs[1]) / spacing.Y, Lps(dirs[2]) / spacing.Z);
        var geometry = new ImageGeometry(new Int3(sizes[0], sizes[1], sizes[2]), spacing, Lps(origin), direction);
        string encoding = f.TryGetValue("encoding", out string? e) ? e.ToLowerInvariant() : "raw";
        bool bigEndian = f.TryGetValue("endian", out string? en) && en == "big";
        string? dataFile = f.TryGetValue("data file", out string? df) ? df : f.TryGetValue("datafile", out string? df2) ? df2 : null;
        if (dataFile is not null && (Path.IsPathRooted(dataFile) || dataFile.Contains("..")))
        {
            throw new NrrdFormatException($"'{path}': data file '{dataFile}' must be a plain name beside the header");
        }
        return new NrrdHeader(type, geometry, encoding, bigEndian, keyValues, offset, dataFile);
    }

    private static int ParseInt(string s, string path) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new NrrdFormatException($"'{path}': '{s}' is not an integer");

    private static Vec3[] ParseVectors(string text, int count, string path)
    {
        var result = new List<Vec3>();
        foreach (string part in text.Split(')', StringSplitOptions.RemoveEmptyEntries))
        {
            string t = part.Trim().TrimStart('(');
            if (t.Length == 0) continue;
            string[] n = t.Split(',');
            if (n.Length != 3) throw new NrrdFormatException($"'{path}': vector '({t})' needs 3 numbers");
            double P(string x) => double.TryParse(x.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d
                : throw new NrrdFormatException($"'{path}': '{x}' in a vector is not a finite number");
            result.Add(new Vec3(P(n[0]), P(n[1]), P(n[2])));
        }
        if (result.Count != count) throw new NrrdFormatException($"'{path}': expected {count} vector(s) in '{text}'");
        return [.. result];
    }
}
