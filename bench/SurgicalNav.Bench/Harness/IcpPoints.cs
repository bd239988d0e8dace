using SurgicalNav.Imaging;

namespace SurgicalNav.Bench.Harness;

/// <summary>
/// Deterministic ICP point sets from a surface: the target is every vertex; the source is every 4th vertex moved by a
/// known rigid transform (4° about z and 1.5° about x, translation (3, -2, 4) mm) plus 0.3 mm Gaussian noise.
/// </summary>
internal static class IcpPoints
{
    public static (float[] Source, float[] Target) Make(float[] positionsMm, int seed)
    {
        var rng = new Random(seed * 7919 + 17);
        double az = 4 * Math.PI / 180, ax = 1.5 * Math.PI / 180;
        Matrix3 rz = new(Math.Cos(az), -Math.Sin(az), 0, Math.Sin(az), Math.Cos(az), 0, 0, 0, 1);
        Matrix3 rx = new(1, 0, 0, 0, Math.Cos(ax), -Math.Sin(ax), 0, Math.Sin(ax), Math.Cos(ax));
        var t = new Vec3(3, -2, 4);
        int n = positionsMm.Length / 3;
        var source = new List<float>(n / 4 * 3 + 3);
        for (int v = 0; v < n; v += 4)
        {
            var p = new Vec3(positionsMm[3 * v], positionsMm[3 * v + 1], positionsMm[3 * v + 2]);
            Vec3 q = rz * (rx * p) + t;
            source.Add((float)(q.X + Gauss(rng) * 0.3));
            source.Add((float)(q.Y + Gauss(rng) * 0.3));
            source.Add((float)(q.Z + Gauss(rng) * 0.3));
        }
        return ([.. source], (float[])positionsMm.Clone());
    }

    private static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
