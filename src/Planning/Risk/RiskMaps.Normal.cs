using System.Numerics;
using System.Runtime.Intrinsics;
using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Risk;

public sealed partial class RiskMaps
{
    /// <summary>One x row of the skin-normal neighbourhood: offsets -HalfWidth..HalfWidth in x at (Dj, Dk), and the row's y and z offsets in mm (index frame).</summary>
    private readonly record struct NormalRow(int Dj, int Dk, int HalfWidth, double Dy, double Dz);

    /// <summary>Bit masks of the positions 0..15 whose bit b is set, to sum set positions of a 16-bit mask with four popcounts.</summary>
    private static readonly uint[] PositionBits = [0xAAAA, 0xCCCC, 0xF0F0, 0xFF00];

    /// <summary>Neighbourhood radius in mm for <see cref="SkinNormal"/>: 4 mm, or 2.5 voxels on coarse grids.</summary>
    private static double NormalRadiusMm(Vec3 s) => Math.Max(4, 2.5 * Math.Max(s.X, Math.Max(s.Y, s.Z)));

    /// <summary>The x rows of voxel offsets within <see cref="NormalRadiusMm"/> of a voxel centre (each row is symmetric and contiguous).</summary>
    private static NormalRow[] NormalNeighbourhood(Vec3 s)
    {
        double radiusMm = NormalRadiusMm(s);
        int ri = (int)Math.Ceiling(radiusMm / s.X), rj = (int)Math.Ceiling(radiusMm / s.Y), rk = (int)Math.Ceiling(radiusMm / s.Z);
        var rows = new List<NormalRow>();
        for (int k = -rk; k <= rk; k++)
        for (int j = -rj; j <= rj; j++)
        {
            double dy = j * s.Y, dz = k * s.Z;
            int w = -1;
            for (int i = 0; i <= ri; i++)
            {
                double dx = i * s.X;
                if (dx * dx + dy * dy + dz * dz <= radiusMm * radiusMm) w = i;
            }
            if (w >= 0) rows.Add(new NormalRow(j, k, w, dy, dz));
        }
        return rows.ToArray();
    }

    /// <summary>
    /// Outward unit skin normal at a point in patient LPS mm: the direction from the centroid of the body voxels
    /// within the neighbourhood to the point (the gradient direction of the smoothed body mask, which is that of its signed
    /// distance near the surface). Zero when the neighbourhood holds no body or only body. The neighbourhood is
    /// 4 mm, or 2.5 voxels on coarse grids, so that it always spans enough of the surface to give a direction.
    /// </summary>
    public Vec3 SkinNormal(Vec3 pointMm)
    {
        Vec3 c = _g.PatientToIndex(pointMm), s = _g.SpacingMm;
        int ci = (int)Math.Round(c.X), cj = (int)Math.Round(c.Y), ck = (int)Math.Round(c.Z);
        // Voxel centres (every suggestion candidate) use the precomputed neighbourhood; other points the general walk.
        bool centre = Math.Abs(c.X - ci) < 1e-6 && Math.Abs(c.Y - cj) < 1e-6 && Math.Abs(c.Z - ck) < 1e-6;
        double sx = 0, sy = 0, sz = 0;
        int inside = 0, total = 0;
        byte[] labels = _map.Labels.Data;
        Int3 d = _g.Dimensions;
        if (centre)
        {
            foreach (NormalRow r in _sphere)
            {
                int j = cj + r.Dj, k = ck + r.Dk, i0 = ci - r.HalfWidth, width = 2 * r.HalfWidth + 1;
                if ((uint)j >= (uint)d.Y || (uint)k >= (uint)d.Z) continue;
                int start = (k * d.Y + j) * d.X + i0;
                int body, positions; // body voxels in the row and the sum of their positions 0..width-1
                if (width <= 16 && i0 >= 0 && i0 + width <= d.X && start + 16 <= labels.Length)
                {
                    uint air = Vector128.Equals(Vector128.Create(labels, start), Vector128<byte>.Zero).ExtractMostSignificantBits();
                    uint set = ~air & ((1u << width) - 1);
                    body = BitOperations.PopCount(set);
                    positions = 0;
                    for (int b = 0; b < PositionBits.Length; b++) positions += BitOperations.PopCount(set & PositionBits[b]) << b;
                    total += width;
                }
                else
                {
                    body = positions = 0;
                    for (int p = 0; p < width; p++)
                    {
                        if ((uint)(i0 + p) >= (uint)d.X) continue;
                        total++;
                        if (labels[start + p] == 0) continue;
                        body++;
                        positions += p;
                    }
                }
                inside += body;
                sx += (positions - body * r.HalfWidth) * s.X;
                sy += body * r.Dy;
                sz += body * r.Dz;
            }
        }
        else
        {
            double radiusMm = NormalRadiusMm(s);
            int ri = (int)Math.Ceiling(radiusMm / s.X), rj = (int)Math.Ceiling(radiusMm / s.Y), rk = (int)Math.Ceiling(radiusMm / s.Z);
            for (int k = Math.Max(0, ck - rk); k <= Math.Min(d.Z - 1, ck + rk); k++)
            for (int j = Math.Max(0, cj - rj); j <= Math.Min(d.Y - 1, cj + rj); j++)
            for (int i = Math.Max(0, ci - ri); i <= Math.Min(d.X - 1, ci + ri); i++)
            {
                double dx = (i - c.X) * s.X, dy = (j - c.Y) * s.Y, dz = (k - c.Z) * s.Z;
                if (dx * dx + dy * dy + dz * dz > radiusMm * radiusMm) continue;
                total++;
                if (labels[(k * d.Y + j) * d.X + i] == 0) continue;
                inside++;
                sx += dx; sy += dy; sz += dz;
            }
        }
        if (inside == 0 || inside == total) return Vec3.Zero;
        Vec3 inward = _g.Direction * new Vec3(sx, sy, sz);
        return inward.Length < 1e-9 ? Vec3.Zero : -inward.Normalized();
    }
}
