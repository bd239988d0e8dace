namespace SurgicalNav.Segmentation.Meshing;

internal sealed partial class QuadricDecimator
{
    private double[] _ring = new double[9 * 64];
    private int[] _ringFace = new int[64];

    // Each input point's witness: a face of its vertex's star that it lies within the limit of, with the face's
    // version when that was shown. While the face is alive and unchanged the point needs no new check.
    private int[]? _witnessFace, _witnessVersion, _faceVersion;
    // Witnesses found while checking a collapse, recorded only once it is committed (the faces are then new).
    private int[] _pendingPoint = new int[256], _pendingFace = new int[256];
    private int _pending;

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
                AddMovedFace(ref _ring, ref _ringFace, faces++, f, u, v, target);
            }
        }
        float[] input = _input!;
        _pending = 0;
        foreach (int owner in (ReadOnlySpan<int>)[u, v])
        {
            for (int w = _head![owner]; w >= 0; w = _next![w])
            {
                int f = FirstFaceWithin(input[3 * w], input[3 * w + 1], input[3 * w + 2], _ring, faces);
                if (f < 0) return false;
                AddPending(w, _ringFace[f]);
            }
        }
        return NeighboursStayWithinDeviation(u, v, target);
    }

    private double[] _star = new double[9 * 64];
    private int[] _starFace = new int[64];
    private int[]? _neighbourMark;
    private int _neighbourStamp;

    /// <summary>
    /// True when the input points merged into every neighbour w of u and v still lie within the maximum deviation of
    /// w's triangles after the collapse. The collapse moves the faces w shares with u or v, so a point of w that was
    /// close only to one of those faces could end far from the surface; checking w's whole new star keeps the
    /// invariant that every input point lies within the limit of its vertex's triangles, so the limit holds for the
    /// whole mesh, not only for the pair that merges.
    /// </summary>
    private bool NeighboursStayWithinDeviation(int u, int v, ReadOnlySpan<double> target)
    {
        _neighbourMark ??= new int[_vertexAlive.Length];
        if (++_neighbourStamp == int.MaxValue)
        {
            Array.Clear(_neighbourMark);
            _neighbourStamp = 1;
        }
        foreach (int owner in (ReadOnlySpan<int>)[u, v])
        {
            foreach (int f in Faces(owner))
            {
                if (!_faceAlive[f]) continue;
                for (int k = 0; k < 3; k++)
                {
                    int w = _faces[3 * f + k];
                    if (w == u || w == v || _neighbourMark[w] == _neighbourStamp) continue;
                    _neighbourMark[w] = _neighbourStamp;
                    if (!PointsStayClose(w, u, v, target)) return false;
                }
            }
        }
        return true;
    }

    private bool PointsStayClose(int w, int u, int v, ReadOnlySpan<double> target)
    {
        float[] input = _input!;
        double wx = _p[3 * w], wy = _p[3 * w + 1], wz = _p[3 * w + 2];
        int faces = -1; // w's new star, built only when a point lies farther than the limit from w itself
        for (int q = _head![w]; q >= 0; q = _next![q])
        {
            double px = input[3 * q], py = input[3 * q + 1], pz = input[3 * q + 2];
            double dx = px - wx, dy = py - wy, dz = pz - wz;
            // w stays where it is and is a corner of each of its triangles, so a point this close to w is close to them.
            if (dx * dx + dy * dy + dz * dz <= _maxDeviationSquared) continue;
            int witness = _witnessFace![q];
            if (witness >= 0 && _faceAlive[witness] && _faceVersion![witness] == _witnessVersion![q] && !Touches(witness, u, v)) continue;
            if (faces < 0) faces = BuildStar(w, u, v, target);
            int f = FirstFaceWithin(px, py, pz, _star, faces);
            if (f < 0) return false;
            AddPending(q, _starFace[f]);
        }
        return true;
    }

    /// <summary>The first of the buffer's triangles that point p lies within the maximum deviation of, or -1.</summary>
    private int FirstFaceWithin(double px, double py, double pz, double[] corners, int faces)
    {
        for (int f = 0; f < faces; f++)
        {
            if (PointTriangleDistanceSquared(px, py, pz, corners.AsSpan(9 * f, 9)) <= _maxDeviationSquared) return f;
        }
        return -1;
    }

    private bool Touches(int f, int u, int v)
    {
        int a = _faces[3 * f], b = _faces[3 * f + 1], c = _faces[3 * f + 2];
        return a == u || b == u || c == u || a == v || b == v || c == v;
    }

    private void AddPending(int point, int face)
    {
        if (_pending == _pendingPoint.Length)
        {
            Array.Resize(ref _pendingPoint, _pending * 2);
            Array.Resize(ref _pendingFace, _pending * 2);
        }
        _pendingPoint[_pending] = point;
        _pendingFace[_pending++] = face;
    }

    /// <summary>After a committed collapse: the faces around the merged vertex u changed, and the points checked for it now have their witnesses.</summary>
    private void CommitWitnesses(int u)
    {
        if (_faceVersion is null) return;
        foreach (int f in Faces(u)) _faceVersion[f]++;
        for (int n = 0; n < _pending; n++)
        {
            int f = _pendingFace[n];
            _witnessFace![_pendingPoint[n]] = f;
            _witnessVersion![_pendingPoint[n]] = _faceVersion[f];
        }
        _pending = 0;
    }

    /// <summary>w's triangles as they will be after u and v merge at target (the faces holding both die); returns their count.</summary>
    private int BuildStar(int w, int u, int v, ReadOnlySpan<double> target)
    {
        int faces = 0;
        foreach (int f in Faces(w))
        {
            if (!_faceAlive[f]) continue;
            int a = _faces[3 * f], b = _faces[3 * f + 1], c = _faces[3 * f + 2];
            bool hasU = a == u || b == u || c == u, hasV = a == v || b == v || c == v;
            if (hasU && hasV) continue;
            AddMovedFace(ref _star, ref _starFace, faces++, f, u, v, target);
        }
        return faces;
    }

    /// <summary>Writes face f as entry n of a triangle buffer (9 doubles each, grown as needed), with u and v moved to target.</summary>
    private void AddMovedFace(ref double[] corners, ref int[] faceOf, int n, int f, int u, int v, ReadOnlySpan<double> target)
    {
        if (9 * (n + 1) > corners.Length) Array.Resize(ref corners, corners.Length * 2);
        if (n + 1 > faceOf.Length) Array.Resize(ref faceOf, faceOf.Length * 2);
        faceOf[n] = f;
        int o = 9 * n;
        for (int k = 0; k < 3; k++, o += 3)
        {
            int x = _faces[3 * f + k];
            bool moves = x == u || x == v;
            corners[o] = moves ? target[0] : _p[3 * x];
            corners[o + 1] = moves ? target[1] : _p[3 * x + 1];
            corners[o + 2] = moves ? target[2] : _p[3 * x + 2];
        }
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
