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
    // Distances in steps of 1/DistanceSteps mm (within 1/64 mm of exact), NoStructure where none lies in the box: half
    // the memory of floats, and these maps are the plan stage's largest buffers (two of 43 M voxels on a 512x512x400 scan).
    private readonly ushort[][] _distance;
    private const float DistanceSteps = 64;
    private const ushort NoStructure = DistanceTransform.NoValueInBox;
    private readonly double _halfVoxelMm, _stepMm, _voxelDiagonalMm;
    private readonly NormalRow[] _sphere;

    private RiskMaps(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk, Int3 lo, Int3 hi, Int3 bodyLo, Int3 bodyHi)
    {
        _map = map;
        _g = map.Geometry;
        _lo = lo;
        _n = new Int3(hi.X - lo.X + 1, hi.Y - lo.Y + 1, hi.Z - lo.Z + 1);
        // A face is a cut only when labelled voxels (hence possibly a structure) lie beyond it.
        _cut[0] = lo.X > bodyLo.X; _cut[1] = hi.X < bodyHi.X; _cut[2] = lo.Y > bodyLo.Y; _cut[3] = hi.Y < bodyHi.Y; _cut[4] = lo.Z > bodyLo.Z; _cut[5] = hi.Z < bodyHi.Z;
        Vec3 s = _g.SpacingMm;
        _halfVoxelMm = (s.X + s.Y + s.Z) / 6;
        _stepMm = Math.Min(s.X, Math.Min(s.Y, s.Z)) * 0.5;
        _voxelDiagonalMm = s.Length;
        _sphere = NormalNeighbourhood(s);
        // Structures absent from the image have nothing to keep clear of and get no map.
        var present = organsAtRisk.Where(o => map.Segments.Find(o.Key) is not null).ToList();
        _names = present.Select(o => o.Key).ToArray();
        _required = present.Select(o => o.Value).ToArray();
        _distance = new ushort[_names.Length][];
        var box = new VoxelBox(lo, _n);
        for (int o = 0; o < _names.Length; o++)
        {
            _distance[o] = new ushort[box.VoxelCount];
            DistanceTransform.ToValueSteps(map.Labels, map.Segments.Get(_names[o]).Value, box, DistanceSteps, _distance[o]);
        }
    }

    /// <summary>Maps over the whole image for the organs at risk (segment name to minimum clearance in mm).</summary>
    public static RiskMaps Build(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk)
    {
        Int3 d = map.Geometry.Dimensions;
        var hi = new Int3(d.X - 1, d.Y - 1, d.Z - 1);
        return new(map, organsAtRisk, new Int3(0, 0, 0), hi, new Int3(0, 0, 0), hi);
    }

    /// <summary>
    /// Maps over the box that holds every point within <paramref name="reachMm"/> of <paramref name="centerMm"/>
    /// (patient LPS mm) plus <see cref="PadMm"/>, clipped to the image: all that paths of that length can touch.
    /// </summary>
    public static RiskMaps Around(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk, Vec3 centerMm, double reachMm) =>
        Around(map, organsAtRisk, [centerMm], reachMm);

    /// <summary>
    /// One set of maps shared by several targets (patient LPS mm): the union of their reach boxes (reach plus
    /// <see cref="PadMm"/>), clipped to the box of labelled voxels, since paths in air carry no risk and no structure
    /// lies outside the labels. Build it once per case and evaluate every target on it.
    /// </summary>
    public static RiskMaps Around(LabelMap map, IReadOnlyDictionary<string, double> organsAtRisk, IReadOnlyList<Vec3> centersMm, double reachMm)
    {
        if (centersMm.Count == 0) throw new PlanningException("no target to plan for; give at least one target");
        ImageGeometry g = map.Geometry;
        (Int3 bodyLo, Int3 bodyHi) = LabelledBox(map);
        double r = reachMm + PadMm;
        int[] lo = [int.MaxValue, int.MaxValue, int.MaxValue], hi = [int.MinValue, int.MinValue, int.MinValue];
        foreach (Vec3 centerMm in centersMm)
        {
            Vec3 c = g.PatientToIndex(centerMm);
            for (int axis = 0; axis < 3; axis++)
            {
                lo[axis] = Math.Min(lo[axis], (int)Math.Floor(c[axis] - r / g.SpacingMm[axis]));
                hi[axis] = Math.Max(hi[axis], (int)Math.Ceiling(c[axis] + r / g.SpacingMm[axis]));
            }
        }
        int Lo(int axis) => Math.Clamp(Math.Max(lo[axis], bodyLo[axis]), 0, g.Dimensions[axis] - 1);
        int Hi(int axis) => Math.Clamp(Math.Min(hi[axis], bodyHi[axis]), Lo(axis), g.Dimensions[axis] - 1);
        return new RiskMaps(map, organsAtRisk, new Int3(Lo(0), Lo(1), Lo(2)), new Int3(Hi(0), Hi(1), Hi(2)), bodyLo, bodyHi);
    }

    /// <summary>Index box of the non-zero labels (the whole image when there are none).</summary>
    private static (Int3 Lo, Int3 Hi) LabelledBox(LabelMap map)
    {
        Int3 d = map.Geometry.Dimensions;
        byte[] labels = map.Labels.Data;
        var perSlice = new (int I0, int I1, int J0, int J1)[d.Z];
        Parallel.For(0, d.Z, k =>
        {
            int i0 = int.MaxValue, i1 = -1, j0 = int.MaxValue, j1 = -1;
            for (int j = 0; j < d.Y; j++)
            {
                ReadOnlySpan<byte> row = labels.AsSpan((k * d.Y + j) * d.X, d.X);
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0) continue;
                int last = row.LastIndexOfAnyExcept((byte)0);
                i0 = Math.Min(i0, first); i1 = Math.Max(i1, last); j0 = Math.Min(j0, j); j1 = j;
            }
            perSlice[k] = (i0, i1, j0, j1);
        });
        int x0 = int.MaxValue, x1 = -1, y0 = int.MaxValue, y1 = -1, z0 = int.MaxValue, z1 = -1;
        for (int k = 0; k < d.Z; k++)
        {
            (int i0, int i1, int j0, int j1) = perSlice[k];
            if (i1 < 0) continue;
            x0 = Math.Min(x0, i0); x1 = Math.Max(x1, i1); y0 = Math.Min(y0, j0); y1 = Math.Max(y1, j1); z0 = Math.Min(z0, k); z1 = k;
        }
        return z1 < 0 ? (new Int3(0, 0, 0), new Int3(d.X - 1, d.Y - 1, d.Z - 1)) : (new Int3(x0, y0, z0), new Int3(x1, y1, z1));
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
        ushort steps = _distance[o][(ck * _n.Y + cj) * _n.X + ci];
        if (steps == 0) return 0;
        double d = steps == NoStructure ? double.PositiveInfinity : steps / (double)DistanceSteps;
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
}
