using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Segmentation;

/// <summary>Exact point-to-surface distance (mm) against a triangle mesh, triangles binned in a uniform grid of cubic cells.</summary>
internal sealed class TriangleGrid
{
    private readonly Mesh _mesh;
    private readonly double _cell;
    private readonly double[] _min = new double[3];
    private readonly int[] _dims = new int[3];
    private readonly int[] _start;
    private readonly int[] _items;

    public TriangleGrid(Mesh mesh, double cellMm)
    {
        _mesh = mesh;
        _cell = cellMm;
        float[] p = mesh.PositionsMm;
        double[] max = [double.MinValue, double.MinValue, double.MinValue];
        _min[0] = _min[1] = _min[2] = double.MaxValue;
        for (int n = 0; n < p.Length; n++)
        {
            _min[n % 3] = Math.Min(_min[n % 3], p[n]);
            max[n % 3] = Math.Max(max[n % 3], p[n]);
        }
        for (int a = 0; a < 3; a++) _dims[a] = Math.Max(1, (int)Math.Ceiling((max[a] - _min[a]) / cellMm) + 1);
        var counts = new int[_dims[0] * _dims[1] * _dims[2] + 1];
        ForEachCell((t, c) => counts[c + 1]++);
        for (int c = 1; c < counts.Length; c++) counts[c] += counts[c - 1];
        _start = (int[])counts.Clone();
        _items = new int[counts[^1]];
        ForEachCell((t, c) => _items[counts[c]++] = t);
    }

    private void ForEachCell(Action<int, int> visit)
    {
        float[] p = _mesh.PositionsMm;
        int[] idx = _mesh.Indices;
        Span<int> lo = stackalloc int[3], hi = stackalloc int[3];
        for (int t = 0; t < _mesh.TriangleCount; t++)
        {
            for (int a = 0; a < 3; a++)
            {
                double mn = Math.Min(p[3 * idx[3 * t] + a], Math.Min(p[3 * idx[3 * t + 1] + a], p[3 * idx[3 * t + 2] + a]));
                double mx = Math.Max(p[3 * idx[3 * t] + a], Math.Max(p[3 * idx[3 * t + 1] + a], p[3 * idx[3 * t + 2] + a]));
                lo[a] = Cell(mn, a);
                hi[a] = Cell(mx, a);
            }
            for (int z = lo[2]; z <= hi[2]; z++)
                for (int y = lo[1]; y <= hi[1]; y++)
                    for (int x = lo[0]; x <= hi[0]; x++) visit(t, (z * _dims[1] + y) * _dims[0] + x);
        }
    }

    private int Cell(double v, int axis) => Math.Clamp((int)Math.Floor((v - _min[axis]) / _cell), 0, _dims[axis] - 1);

    /// <summary>Distance from (x, y, z) to the nearest triangle, searching rings of cells until the ring is farther than the best.</summary>
    public double Distance(double x, double y, double z)
    {
        int cx = Cell(x, 0), cy = Cell(y, 1), cz = Cell(z, 2);
        double best = double.MaxValue;
        int maxRing = Math.Max(_dims[0], Math.Max(_dims[1], _dims[2]));
        for (int ring = 0; ring <= maxRing; ring++)
        {
            if (best < (ring - 1) * _cell) break;
            for (int k = cz - ring; k <= cz + ring; k++)
                for (int j = cy - ring; j <= cy + ring; j++)
                    for (int i = cx - ring; i <= cx + ring; i++)
                    {
                        if (Math.Max(Math.Abs(i - cx), Math.Max(Math.Abs(j - cy), Math.Abs(k - cz))) != ring) continue;
                        if (i < 0 || j < 0 || k < 0 || i >= _dims[0] || j >= _dims[1] || k >= _dims[2]) continue;
                        int c = (k * _dims[1] + j) * _dims[0] + i;
                        for (int n = _start[c]; n < _start[c + 1]; n++) best = Math.Min(best, PointTriangle(x, y, z, _items[n]));
                    }
        }
        return best;
    }

    private double PointTriangle(double px, double py, double pz, int t)
    {
        float[] p = _mesh.PositionsMm;
        int a = 3 * _mesh.Indices[3 * t], b = 3 * _mesh.Indices[3 * t + 1], c = 3 * _mesh.Indices[3 * t + 2];
        var A = (p[a], p[a + 1], p[a + 2]);
        var B = (p[b], p[b + 1], p[b + 2]);
        var C = (p[c], p[c + 1], p[c + 2]);
        // Ericson, Real-Time Collision Detection, 5.1.5: closest point on triangle.
        (double, double, double) Sub((double, double, double) u, (double, double, double) v) => (u.Item1 - v.Item1, u.Item2 - v.Item2, u.Item3 - v.Item3);
        double Dot((double, double, double) u, (double, double, double) v) => u.Item1 * v.Item1 + u.Item2 * v.Item2 + u.Item3 * v.Item3;
        var P = (px, py, pz);
        var ab = Sub(B, A); var ac = Sub(C, A); var ap = Sub(P, A);
        double d1 = Dot(ab, ap), d2 = Dot(ac, ap);
        (double, double, double) q;
        if (d1 <= 0 && d2 <= 0) q = A;
        else
        {
            var bp = Sub(P, B); double d3 = Dot(ab, bp), d4 = Dot(ac, bp);
            var cp = Sub(P, C); double d5 = Dot(ab, cp), d6 = Dot(ac, cp);
            double vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
            if (d3 >= 0 && d4 <= d3) q = B;
            else if (d6 >= 0 && d5 <= d6) q = C;
            else if (vc <= 0 && d1 >= 0 && d3 <= 0) { double v = d1 / (d1 - d3); q = (A.Item1 + v * ab.Item1, A.Item2 + v * ab.Item2, A.Item3 + v * ab.Item3); }
            else if (vb <= 0 && d2 >= 0 && d6 <= 0) { double w = d2 / (d2 - d6); q = (A.Item1 + w * ac.Item1, A.Item2 + w * ac.Item2, A.Item3 + w * ac.Item3); }
            else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0)
            {
                double w = (d4 - d3) / (d4 - d3 + (d5 - d6));
                q = (B.Item1 + w * (C.Item1 - B.Item1), B.Item2 + w * (C.Item2 - B.Item2), B.Item3 + w * (C.Item3 - B.Item3));
            }
            else
            {
                double denom = va + vb + vc;
                if (denom <= 0) q = A;
                else
                {
                    double v = vb / denom, w = vc / denom;
                    q = (A.Item1 + ab.Item1 * v + ac.Item1 * w, A.Item2 + ab.Item2 * v + ac.Item2 * w, A.Item3 + ab.Item3 * v + ac.Item3 * w);
                }
            }
        }
        var d = Sub(P, q);
        return Math.Sqrt(Dot(d, d));
    }
}
