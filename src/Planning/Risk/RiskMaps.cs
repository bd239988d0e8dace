using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Planning.Risk;

/// <summary>
/// Exact distance maps (mm) to each organ at risk, computed once, and the per-path risk evaluation built on them.
/// The maps may cover only a box around a target (its reach plus a pad): a clearance is then exact up to the pad
/// and never larger than the distance to a cut face of the box, so a clearance is never overstated.
/// </summary>
public sealed partial class RiskMaps
{
    /// <summary>The pad in mm added around the reach of a cropped map; clearances are exact below it.</summary>
    public const double PadMm = 20;

    private readonly LabelMap _map;
    private readonly ImageGeometry _g;
    private readonly Int3 _lo, _n;
    private readonly bool[] _cut = new bool[6];
    private readonly string[] _names;
    private readonly double[] _required;
    private readonly float[][] _distance;
    private readonly double _halfVoxelMm, _stepMm;

    private RiskMaps(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk, Int3 lo, Int3 hi)
    {
        _map = map;
        _g = map.Geometry;
        _lo = lo;
        _n = new Int3(hi.X - lo.X + 1, hi.Y - lo.Y + 1, hi.Z - lo.Z + 1);
        Int3 d = _g.Dimensions;
        _cut[0] = lo.X > 0; _cut[1] = hi.X < d.X - 1; _cut[2] = lo.Y > 0; _cut[3] = hi.Y < d.Y - 1; _cut[4] = lo.Z > 0; _cut[5] = hi.Z < d.Z - 1;
        Vec3 s = _g.SpacingMm;
        _halfVoxelMm = (s.X + s.Y + s.Z) / 6;
        _stepMm = Math.Min(s.X, Math.Min(s.Y, s.Z)) * 0.5;
        // Structures absent from the image have nothing to keep clear of and get no map.
        var present = organsAtRisk.Where(o => map.Segments.Find(o.Key) is not null).ToList();
        _names = present.Select(o => o.Key).ToArray();
        _required = present.Select(o => o.Value).ToArray();
        _distance = new float[_names.Length][];
        var cropGeometry = new ImageGeometry(_n, s, _g.IndexToPatient(lo.X, lo.Y, lo.Z), _g.Direction);
        for (int o = 0; o < _names.Length; o++)
        {
            byte value = map.Segments.Get(_names[o]).Value;
            var mask = new Volume<byte>(cropGeometry);
            byte[] labels = map.Labels.Data, m = mask.Data;
            Parallel.For(0, _n.Z, k =>
            {
                for (int j = 0; j < _n.Y; j++)
                {
                    long src = _g.Linear(lo.X, lo.Y + j, lo.Z + k);
                    int dst = (k * _n.Y + j) * _n.X;
                    for (int i = 0; i < _n.X; i++) m[dst + i] = labels[src + i] == value ? (byte)1 : (byte)0;
                }
            });
            _distance[o] = DistanceTransform.Unsigned(mask).Data;
        }
    }

    /// <summary>Maps over the whole image for the organs at risk (segment name to minimum clearance in mm).</summary>
    public static RiskMaps Build(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk) =>
        new(map, organsAtRisk, new Int3(0, 0, 0), new Int3(map.Geometry.Dimensions.X - 1, map.Geometry.Dimensions.Y - 1, map.Geometry.Dimensions.Z - 1));

    /// <summary>
    /// Maps over the box that holds every point within <paramref name="reachMm"/> of <paramref name="centerMm"/>
    /// (patient LPS mm) plus <see cref="PadMm"/>, clipped to the image: all that paths of that length can touch.
    /// </summary>
    public static RiskMaps Around(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk, Vec3 centerMm, double reachMm)
    {
        ImageGeometry g = map.Geometry;
        Vec3 c = g.PatientToIndex(centerMm);
        double r = reachMm + PadMm;
        int Lo(int axis) => Math.Clamp((int)Math.Floor(c[axis] - r / g.SpacingMm[axis]), 0, g.Dimensions[axis] - 1);
        int Hi(int axis) => Math.Clamp((int)Math.Ceiling(c[axis] + r / g.SpacingMm[axis]), 0, g.Dimensions[axis] - 1);
        return new RiskMaps(map, organsAtRisk, new Int3(Lo(0), Lo(1), Lo(2)), new Int3(Hi(0), Hi(1), Hi(2)));
    }

    /// <summary>The label map the maps were made from.</summary>
    public LabelMap Map => _map;

    /// <summary>Names of the organs at risk present in the image, in the order clearances are reported.</summary>
    public IReadOnlyList<string> Structures => _names;

    /// <summary>Clearance in mm from a voxel (full-image index) to structure <paramref name="o"/>: centre distance less half a voxel, capped at the crop.</summary>
    private double Clearance(int o, int i, int j, int k)
    {
        int ci = i - _lo.X, cj = j - _lo.Y, ck = k - _lo.Z;
        if ((uint)ci >= (uint)_n.X || (uint)cj >= (uint)_n.Y || (uint)ck >= (uint)_n.Z) return 0; // outside the maps: unknown, assume the worst
        float d = _distance[o][(ck * _n.Y + cj) * _n.X + ci];
        if (d == 0) return 0;
        double c = Math.Max(d - _halfVoxelMm, 0.001);
        return Math.Min(c, CutDistanceMm(ci, cj, ck));
    }

    private double CutDistanceMm(int ci, int cj, int ck)
    {
        Vec3 s = _g.SpacingMm;
        double m = double.PositiveInfinity;
        if (_cut[0]) m = Math.Min(m, (ci + 0.5) * s.X);
        if (_cut[1]) m = Math.Min(m, (_n.X - ci - 0.5) * s.X);
        if (_cut[2]) m = Math.Min(m, (cj + 0.5) * s.Y);
        if (_cut[3]) m = Math.Min(m, (_n.Y - cj - 0.5) * s.Y);
        if (_cut[4]) m = Math.Min(m, (ck + 0.5) * s.Z);
        if (_cut[5]) m = Math.Min(m, (_n.Z - ck - 0.5) * s.Z);
        return m;
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
        double radiusMm = Math.Max(4, 2.5 * Math.Max(s.X, Math.Max(s.Y, s.Z)));
        int ri = (int)Math.Ceiling(radiusMm / s.X), rj = (int)Math.Ceiling(radiusMm / s.Y), rk = (int)Math.Ceiling(radiusMm / s.Z);
        int ci = (int)Math.Round(c.X), cj = (int)Math.Round(c.Y), ck = (int)Math.Round(c.Z);
        double sx = 0, sy = 0, sz = 0;
        int inside = 0, total = 0;
        byte[] labels = _map.Labels.Data;
        Int3 d = _g.Dimensions;
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
        if (inside == 0 || inside == total) return Vec3.Zero;
        Vec3 inward = _g.Direction * new Vec3(sx, sy, sz);
        return inward.Length < 1e-9 ? Vec3.Zero : -inward.Normalized();
    }
}
