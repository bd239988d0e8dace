using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Volumetry;

/// <summary>
/// A curved resection surface through control points, the way a surgeon drags one: a thin-plate spline height field
/// over the plane perpendicular to <see cref="Direction"/> (patient LPS, unit), interpolating every point exactly and
/// bending as little as possible between them. With three points it is their plane. The side that
/// <see cref="Direction"/> points to is the resected side.
/// </summary>
public sealed class ResectionSurface
{
    private readonly Vec3 _u, _v, _origin;
    private readonly double[] _pu, _pv, _weights;
    private readonly double _a0, _a1, _a2;

    /// <summary>
    /// Fits the surface through <paramref name="pointsMm"/> (patient LPS mm) with heights along
    /// <paramref name="direction"/>. Throws <see cref="PlanningException"/> for fewer than three points, a zero
    /// direction, or points that project onto a line or onto each other.
    /// </summary>
    public ResectionSurface(IReadOnlyList<Vec3> pointsMm, Vec3 direction)
    {
        ArgumentNullException.ThrowIfNull(pointsMm);
        if (pointsMm.Count < 3) throw new PlanningException($"a resection surface needs at least 3 control points, got {pointsMm.Count}; give x,y,z;x,y,z;x,y,z...");
        if (pointsMm.Count > 500) throw new PlanningException($"a resection surface takes at most 500 control points, got {pointsMm.Count}");
        if (!(direction.Length > 1e-9)) throw new PlanningException("the resection surface's direction is zero; give the side to resect, such as 1,0,0");
        if (pointsMm.Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z))) throw new PlanningException("a control point of the resection surface is not a finite number");
        Direction = direction.Normalized();
        ControlPointsMm = pointsMm.ToArray();
        _u = Vec3.Cross(Direction, Math.Abs(Direction.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0)).Normalized();
        _v = Vec3.Cross(Direction, _u);
        _origin = new Vec3(pointsMm.Average(p => p.X), pointsMm.Average(p => p.Y), pointsMm.Average(p => p.Z));
        int n = pointsMm.Count;
        _pu = new double[n];
        _pv = new double[n];
        var height = new double[n];
        for (int i = 0; i < n; i++)
        {
            Vec3 d = pointsMm[i] - _origin;
            (_pu[i], _pv[i], height[i]) = (Vec3.Dot(d, _u), Vec3.Dot(d, _v), Vec3.Dot(d, Direction));
        }
        CheckSpread(n);
        double[] solution = Solve(n, height);
        _weights = solution[..n];
        (_a0, _a1, _a2) = (solution[n], solution[n + 1], solution[n + 2]);
    }

    /// <summary>Unit direction (patient LPS) of the heights; it points to the resected side.</summary>
    public Vec3 Direction { get; }

    /// <summary>The control points in patient LPS mm.</summary>
    public IReadOnlyList<Vec3> ControlPointsMm { get; }

    /// <summary>
    /// Height in mm of a point above the surface along <see cref="Direction"/>: positive on the resected side. It is
    /// measured along the direction, not to the nearest surface point.
    /// </summary>
    public double HeightAboveMm(Vec3 pointMm)
    {
        Vec3 d = pointMm - _origin;
        double u = Vec3.Dot(d, _u), v = Vec3.Dot(d, _v);
        return Vec3.Dot(d, Direction) - SurfaceHeight(u, v);
    }

    /// <summary>
    /// <see cref="HeightAboveMm"/> for points whose projection lies in the box of <paramref name="cornersMm"/>, from
    /// the surface tabulated every <paramref name="stepMm"/> and interpolated bilinearly (the spline's curvature makes
    /// that error far below a micron at 1 mm steps); much faster than the exact sum over many control points.
    /// </summary>
    internal Func<Vec3, double> Tabulated(IEnumerable<Vec3> cornersMm, double stepMm)
    {
        double u0 = double.MaxValue, u1 = double.MinValue, v0 = double.MaxValue, v1 = double.MinValue;
        foreach (Vec3 c in cornersMm)
        {
            Vec3 d = c - _origin;
            double u = Vec3.Dot(d, _u), v = Vec3.Dot(d, _v);
            (u0, u1, v0, v1) = (Math.Min(u0, u), Math.Max(u1, u), Math.Min(v0, v), Math.Max(v1, v));
        }
        u0 -= stepMm; v0 -= stepMm;
        int nu = (int)Math.Ceiling((u1 - u0) / stepMm) + 2, nv = (int)Math.Ceiling((v1 - v0) / stepMm) + 2;
        var table = new double[nu * nv];
        Parallel.For(0, nv, b => { for (int a = 0; a < nu; a++) table[b * nu + a] = SurfaceHeight(u0 + a * stepMm, v0 + b * stepMm); });
        return p =>
        {
            Vec3 d = p - _origin;
            double fu = (Vec3.Dot(d, _u) - u0) / stepMm, fv = (Vec3.Dot(d, _v) - v0) / stepMm;
            int a = Math.Clamp((int)fu, 0, nu - 2), b = Math.Clamp((int)fv, 0, nv - 2);
            double tu = fu - a, tv = fv - b;
            double h = (table[b * nu + a] * (1 - tu) + table[b * nu + a + 1] * tu) * (1 - tv) + (table[(b + 1) * nu + a] * (1 - tu) + table[(b + 1) * nu + a + 1] * tu) * tv;
            return Vec3.Dot(d, Direction) - h;
        };
    }

    private double SurfaceHeight(double u, double v)
    {
        double h = _a0 + _a1 * u + _a2 * v;
        for (int i = 0; i < _weights.Length; i++) h += _weights[i] * Kernel(u - _pu[i], v - _pv[i]);
        return h;
    }

    /// <summary>The thin-plate kernel r² log r (0 at r = 0).</summary>
    private static double Kernel(double du, double dv)
    {
        double r2 = du * du + dv * dv;
        return r2 < 1e-18 ? 0 : 0.5 * r2 * Math.Log(r2);
    }

    private void CheckSpread(int n)
    {
        for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
        {
            if (Math.Abs(_pu[i] - _pu[j]) < 1e-6 && Math.Abs(_pv[i] - _pv[j]) < 1e-6)
            {
                throw new PlanningException($"control points {i + 1} and {j + 1} lie on one line along the direction {Direction}; a height field cannot pass through both, so move one sideways");
            }
        }
        // Twice the largest triangle area, relative to the spread, tells whether the points span the plane.
        double spread = 0, area = 0;
        for (int i = 1; i < n; i++) spread = Math.Max(spread, Math.Abs(_pu[i] - _pu[0]) + Math.Abs(_pv[i] - _pv[0]));
        for (int i = 1; i < n; i++)
        for (int j = i + 1; j < n; j++) area = Math.Max(area, Math.Abs((_pu[i] - _pu[0]) * (_pv[j] - _pv[0]) - (_pu[j] - _pu[0]) * (_pv[i] - _pv[0])));
        if (area < 1e-3 * spread * spread) throw new PlanningException("the control points of the resection surface lie on one line seen along its direction; add a point off that line");
    }

    /// <summary>Solves the (n+3)-square thin-plate system [K P; Pᵀ 0][w; a] = [h; 0] by Gaussian elimination with partial pivoting.</summary>
    private double[] Solve(int n, double[] height)
    {
        int m = n + 3;
        var a = new double[m, m + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) a[i, j] = Kernel(_pu[i] - _pu[j], _pv[i] - _pv[j]);
            a[i, n] = a[n, i] = 1;
            a[i, n + 1] = a[n + 1, i] = _pu[i];
            a[i, n + 2] = a[n + 2, i] = _pv[i];
            a[i, m] = height[i];
        }
        for (int c = 0; c < m; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < m; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
            if (Math.Abs(a[pivot, c]) < 1e-12) throw new PlanningException("the resection surface's control points give a singular system; remove repeated or collinear points");
            if (pivot != c) for (int k = c; k <= m; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            for (int r = c + 1; r < m; r++)
            {
                double f = a[r, c] / a[c, c];
                if (f == 0) continue;
                for (int k = c; k <= m; k++) a[r, k] -= f * a[c, k];
            }
        }
        var x = new double[m];
        for (int r = m - 1; r >= 0; r--)
        {
            double s = a[r, m];
            for (int k = r + 1; k < m; k++) s -= a[r, k] * x[k];
            x[r] = s / a[r, r];
        }
        return x;
    }
}
