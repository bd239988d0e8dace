namespace SurgicalNav.Segmentation.Meshing;

internal sealed partial class QuadricDecimator
{
    private double[] _ring = new double[9 * 64];

    /// <summary>
    /// True when every input vertex merged into u or v lies within the maximum deviation of the triangles the
    /// merged vertex will have at target. Plane quadrics measure distance to infinite planes, so the rim of a thin
    /// sheet or wedge can slide inward along both sides at almost no cost; the input points at the rim then end
    /// far from every remaining triangle, and this test refuses the collapse.
    /// </summary>
    private bool WithinDeviation(int u, int v, ReadOnlySpan<double> target)
    {
        int faces = 0;
        foreach (int owner in (ReadOnlySpan<int>)[u, v])
        {
            foreach (int f in Faces(owner))
            {
                if (!_faceAlive[f]) continue;
                int a = _faces[3 * f], b = _faces[3 * f + 1], c = _faces[3 * f + 2];
                bool hasU = a == u || b == u || c == u, hasV = a == v || b == v || c == v;
                // Shared faces die; v's other faces are met once, from v's list.
                if ((hasU && hasV) || (owner == u && hasV)) continue;
                if (9 * (faces + 1) > _ring.Length) Array.Resize(ref _ring, _ring.Length * 2);
                int o = 9 * faces++;
                foreach (int w in (ReadOnlySpan<int>)[a, b, c])
                {
                    bool moves = w == u || w == v;
                    _ring[o] = moves ? target[0] : _p[3 * w];
                    _ring[o + 1] = moves ? target[1] : _p[3 * w + 1];
                    _ring[o + 2] = moves ? target[2] : _p[3 * w + 2];
                    o += 3;
                }
            }
        }
        float[] input = _input!;
        foreach (int head in (ReadOnlySpan<int>)[u, v])
        {
            for (int w = head; w >= 0; w = _next![w])
            {
                double px = input[3 * w], py = input[3 * w + 1], pz = input[3 * w + 2];
                double best = double.PositiveInfinity;
                for (int f = 0; f < faces && best > _maxDeviationSquared; f++)
                {
                    best = Math.Min(best, PointTriangleDistanceSquared(px, py, pz, _ring.AsSpan(9 * f, 9)));
                }
                if (best > _maxDeviationSquared) return false;
            }
        }
        return true;
    }

    /// <summary>Squared distance (mm²) from point p to triangle t (9 doubles: a, b, c), by the Voronoi regions of the triangle (Ericson).</summary>
    internal static double PointTriangleDistanceSquared(double px, double py, double pz, ReadOnlySpan<double> t)
    {
        double ax = t[0], ay = t[1], az = t[2];
        double abx = t[3] - ax, aby = t[4] - ay, abz = t[5] - az;
        double acx = t[6] - ax, acy = t[7] - ay, acz = t[8] - az;
        double apx = px - ax, apy = py - ay, apz = pz - az;
        double d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
        if (d1 <= 0 && d2 <= 0) return apx * apx + apy * apy + apz * apz;
        double bpx = px - t[3], bpy = py - t[4], bpz = pz - t[5];
        double d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
        if (d3 >= 0 && d4 <= d3) return bpx * bpx + bpy * bpy + bpz * bpz;
        double cpx = px - t[6], cpy = py - t[7], cpz = pz - t[8];
        double d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
        if (d6 >= 0 && d5 <= d6) return cpx * cpx + cpy * cpy + cpz * cpz;
        double s, w;
        double vc = d1 * d4 - d3 * d2;
        double vb = d5 * d2 - d1 * d6;
        double va = d3 * d6 - d5 * d4;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) { s = d1 / (d1 - d3); w = 0; }
        else if (vb <= 0 && d2 >= 0 && d6 <= 0) { s = 0; w = d2 / (d2 - d6); }
        else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0)
        {
            w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
            s = 1 - w;
        }
        else
        {
            double denominator = va + vb + vc;
            if (!(Math.Abs(denominator) > 0)) return apx * apx + apy * apy + apz * apz;
            s = vb / denominator;
            w = vc / denominator;
        }
        double dx = apx - s * abx - w * acx, dy = apy - s * aby - w * acy, dz = apz - s * abz - w * acz;
        return dx * dx + dy * dy + dz * dz;
    }
}
