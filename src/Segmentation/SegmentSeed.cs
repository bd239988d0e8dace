using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation;

/// <summary>A seed point for region growing: a segment name and a position in patient LPS mm.</summary>
public sealed record SegmentSeed(string Name, Vec3 PointMm)
{
    /// <summary>Parses "x,y,z:name" (patient LPS mm), the form the CLI's --seed takes.</summary>
    public static SegmentSeed Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        string[] xyz = (colon < 0 ? text : text[..colon]).Split(',');
        string name = colon < 0 ? "" : text[(colon + 1)..].Trim();
        if (xyz.Length != 3 || name.Length == 0
            || !double.TryParse(xyz[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            || !double.TryParse(xyz[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
            || !double.TryParse(xyz[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double z))
        {
            throw new FormatException($"seed '{text}' is not of the form x,y,z:name in patient LPS mm, for example --seed -60,0,215:liver");
        }
        return new SegmentSeed(name.ToLowerInvariant() == "tumour" ? "tumor" : name.ToLowerInvariant(), new Vec3(x, y, z));
    }

    /// <summary>Formats as "x,y,z:name".</summary>
    public override string ToString() => $"{PointMm}:{Name}";
}
