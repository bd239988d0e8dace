using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Planning.Verification;

/// <summary>
/// The ablative margin on the tumour surface: the surface mesh (patient LPS mm, pre-op frame), the margin per vertex in
/// mm (distance to the ablation zone's boundary, negative where the tumour surface lies outside the zone), an sRGB
/// colour per vertex (red below 0 mm, yellow 0 to 5 mm, green at 5 mm or more) and the share of the surface area (%)
/// in each band.
/// </summary>
public sealed record MarginMap(Mesh Surface, float[] MarginMm, float[] ColorsRgb, double UncoveredAreaPercent, double ThinAreaPercent, double AdequateAreaPercent)
{
    /// <summary>The margin in mm from which a band counts as adequate (green).</summary>
    public const double AdequateMm = 5;

    /// <summary>sRGB colours of the three bands: uncovered (red), thin (yellow), adequate (green).</summary>
    public static readonly float[] Red = [0.9f, 0.1f, 0.1f], Yellow = [0.95f, 0.85f, 0.1f], Green = [0.1f, 0.75f, 0.25f];

    /// <summary>The band colour of a margin in mm.</summary>
    public static float[] ColorOf(double marginMm) => marginMm < 0 ? Red : marginMm < AdequateMm ? Yellow : Green;

    /// <summary>Builds the map from a surface and a margin per vertex (mm); band shares weight each triangle by its area and mean margin.</summary>
    public static MarginMap Create(Mesh surface, float[] marginMm)
    {
        ArgumentNullException.ThrowIfNull(surface);
        if (marginMm.Length != surface.VertexCount) throw new ArgumentException($"{marginMm.Length} margins for {surface.VertexCount} vertices", nameof(marginMm));
        var colors = new float[marginMm.Length * 3];
        for (int v = 0; v < marginMm.Length; v++) ColorOf(marginMm[v]).CopyTo(colors, 3 * v);
        double below = 0, thin = 0, total = 0;
        float[] p = surface.PositionsMm;
        int[] t = surface.Indices;
        for (int n = 0; n < t.Length; n += 3)
        {
            int a = 3 * t[n], b = 3 * t[n + 1], c = 3 * t[n + 2];
            double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
            double area = 0.5 * Math.Sqrt(cx * cx + cy * cy + cz * cz);
            double m = (marginMm[t[n]] + marginMm[t[n + 1]] + marginMm[t[n + 2]]) / 3.0;
            total += area;
            if (m < 0) below += area;
            else if (m < AdequateMm) thin += area;
        }
        double Pct(double x) => total > 0 ? 100 * x / total : 0;
        return new MarginMap(surface, marginMm, colors, Pct(below), Pct(thin), Pct(total - below - thin));
    }
}
