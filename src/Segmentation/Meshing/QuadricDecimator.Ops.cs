namespace SurgicalNav.Segmentation.Meshing;

internal sealed partial class QuadricDecimator
{
    // A collapse may turn a triangle's normal by at most about 78° (cos > 0.2); more looks like a fold.
    private const double MinNormalCosine = 0.2;

    // Flat regions cost nothing to collapse; without a tie-break one vertex swallows a whole plane, its valence
    // grows into the hundreds and every later collapse there costs time quadratic in it. A tiny term in the
    // squared edge length (1e-6 mm² for a 1 mm edge) collapses the shortest edges of a plane first instead.
    private const double LengthTieBreak = 1e-6;

    // The most triangles a merged vertex may have. A degenerate input (many coincident vertices) could otherwise
    // let one vertex absorb its neighbours until every collapse there walks thousands of faces; regular meshes
    // stay near 6 and rarely pass 12.
    private const int MaxValence = 32;

    /// <summary>
    /// Per vertex, the sum of the plane quadrics (unit normal, not area weighted, so costs are squared mm) of the
    /// triangles around it, 10 doubles per vertex; degenerate triangles add nothing.
    /// </summary>
    public static double[] PlaneQuadrics(float[] p, int[] faces, int vertexCount)
    {
        var quadrics = new double[vertexCount * 10];
        Span<double> plane = stackalloc double[10];
        for (int f = 0; f < faces.Length; f += 3)
        {
            int a = faces[f], b = faces[f + 1], c = faces[f + 2];
            if (!Plane(p, a, b, c, plane)) continue;
            foreach (int v in (ReadOnlySpan<int>)[a, b, c])
            {
                Span<double> q = quadrics.AsSpan(v * 10, 10);
                for (int k = 0; k < 10; k++) q[k] += plane[k];
            }
        }
        return quadrics;
    }

    /// <summary>The plane quadric of triangle a b c (unit normal, 10 doubles into <paramref name="plane"/>); false, and nothing written, for a degenerate triangle.</summary>
    internal static bool Plane(float[] p, int a, int b, int c, Span<double> plane)
    {
        double ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
        double vx = p[3 * c] - p[3 * a], vy = p[3 * c + 1] - p[3 * a + 1], vz = p[3 * c + 2] - p[3 * a + 2];
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        double length = Math.Sqrt(nx * nx + ny * ny + nz * nz);
        if (length < 1e-20) return false;
        nx /= length; ny /= length; nz /= length;
        double d = -(nx * p[3 * a] + ny * p[3 * a + 1] + nz * p[3 * a + 2]);
        plane[0] = nx * nx; plane[1] = nx * ny; plane[2] = nx * nz; plane[3] = ny * ny; plane[4] = ny * nz;
        plane[5] = nz * nz; plane[6] = nx * d; plane[7] = ny * d; plane[8] = nz * d; plane[9] = d * d;
        return true;
    }

    /// <summary>Where the merged vertex goes (locked ends stay put) and its quadric error in mm²; false when both ends are locked.</summary>
    private bool Optimal(int u, int v, Span<double> target, out double cost)
    {
        bool lu = _locked is not null && _locked[u], lv = _locked is not null && _locked[v];
        cost = double.PositiveInfinity;
        if (lu && lv) return false;
        double lx = _p[3 * u] - _p[3 * v], ly = _p[3 * u + 1] - _p[3 * v + 1], lz = _p[3 * u + 2] - _p[3 * v + 2];
        double tieBreak = LengthTieBreak * (lx * lx + ly * ly + lz * lz);
        Span<double> q = stackalloc double[10];
        for (int k = 0; k < 10; k++) q[k] = _q[u * 10 + k] + _q[v * 10 + k];
        if (lu || lv || Coincident(u, v))
        {
            int keep = lv ? v : u;
            target[0] = _p[3 * keep]; target[1] = _p[3 * keep + 1]; target[2] = _p[3 * keep + 2];
            cost = Error(q, target) + tieBreak;
            return true;
        }
        double a00 = q[0], a01 = q[1], a02 = q[2], a11 = q[3], a12 = q[4], a22 = q[5];
        double c00 = a11 * a22 - a12 * a12, c01 = a02 * a12 - a01 * a22, c02 = a01 * a12 - a02 * a11;
        double det = a00 * c00 + a01 * c01 + a02 * c02;
        double scale = a00 + a11 + a22;
        if (Math.Abs(det) > 1e-9 * scale * scale * scale && scale > 0)
        {
            double c11 = a00 * a22 - a02 * a02, c12 = a01 * a02 - a00 * a12, c22 = a00 * a11 - a01 * a01;
            double bx = -q[6], by = -q[7], bz = -q[8];
            target[0] = (c00 * bx + c01 * by + c02 * bz) / det;
            target[1] = (c01 * bx + c11 * by + c12 * bz) / det;
            target[2] = (c02 * bx + c12 * by + c22 * bz) / det;
            // The optimum of a nearly flat patch can lie far away; keep it near the edge.
            double mx = 0.5 * (_p[3 * u] + _p[3 * v]), my = 0.5 * (_p[3 * u + 1] + _p[3 * v + 1]), mz = 0.5 * (_p[3 * u + 2] + _p[3 * v + 2]);
            double ex = _p[3 * u] - _p[3 * v], ey = _p[3 * u + 1] - _p[3 * v + 1], ez = _p[3 * u + 2] - _p[3 * v + 2];
            double dx = target[0] - mx, dy = target[1] - my, dz = target[2] - mz;
            if (dx * dx + dy * dy + dz * dz <= ex * ex + ey * ey + ez * ez)
            {
                cost = Math.Max(0, Error(q, target)) + tieBreak;
                return true;
            }
        }
        // Singular or far: best of the two ends and the midpoint.
        Span<double> candidate = stackalloc double[3];
        for (int k = 0; k < 3; k++)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                candidate[axis] = k == 0 ? _p[3 * u + axis] : k == 1 ? _p[3 * v + axis] : 0.5 * (_p[3 * u + axis] + _p[3 * v + axis]);
            }
            double e = Error(q, candidate);
            if (e < cost) { cost = e; candidate.CopyTo(target); }
        }
        cost = Math.Max(0, cost) + tieBreak;
        return true;
    }

    private static double Error(ReadOnlySpan<double> q, ReadOnlySpan<double> p)
    {
        double x = p[0], y = p[1], z = p[2];
        return q[0] * x * x + 2 * q[1] * x * y + 2 * q[2] * x * z + q[3] * y * y + 2 * q[4] * y * z + q[5] * z * z
            + 2 * (q[6] * x + q[7] * y + q[8] * z) + q[9];
    }

    /// <summary>For a closed manifold, u and v may merge only when they share exactly the two vertices opposite their edge.</summary>
    private bool LinkConditionHolds(int u, int v)
    {
        if (++_markStamp == int.MaxValue) { Array.Clear(_mark); _markStamp = 1; }
        int stamp = _markStamp;
        int sharedFaces = 0, faces = 0;
        foreach (int f in Faces(u))
        {
            if (!_faceAlive[f]) continue;
            faces++;
            for (int k = 0; k < 3; k++) _mark[_faces[3 * f + k]] = stamp;
        }
        int common = 0;
        foreach (int f in Faces(v))
        {
            if (!_faceAlive[f]) continue;
            faces++;
            bool hasU = false;
            for (int k = 0; k < 3; k++)
            {
                int w = _faces[3 * f + k];
                if (w == u) hasU = true;
                else if (w != v && _mark[w] == stamp) { common++; _mark[w] = stamp - 1; }
            }
            if (hasU) sharedFaces++;
        }
        // Keep the smallest closed surface, a tetrahedron, intact; bound the merged vertex's valence.
        return sharedFaces == 2 && common == 2 && _triangles > 4 && faces - 4 <= MaxValence;
    }

    /// <summary>True when u and v lie at the same point (a zero-length edge of a degenerate input).</summary>
    private bool Coincident(int u, int v) => _p[3 * u] == _p[3 * v] && _p[3 * u + 1] == _p[3 * v + 1] && _p[3 * u + 2] == _p[3 * v + 2];

    /// <summary>True when moving `moving` to target (merging it with other) would flip or flatten one of its faces.</summary>
    private bool Flips(int moving, int other, ReadOnlySpan<double> target)
    {
        foreach (int f in Faces(moving))
        {
            // Faces that died in earlier collapses linger in their other vertices' lists.
            if (!_faceAlive[f]) continue;
            int a = _faces[3 * f], b = _faces[3 * f + 1], c = _faces[3 * f + 2];
            if (a == other || b == other || c == other) continue;
            (double ox, double oy, double oz) = Normal(a, b, c, -1, 0, 0, 0);
            (double nx, double ny, double nz) = Normal(a, b, c, moving, target[0], target[1], target[2]);
            double oo = ox * ox + oy * oy + oz * oz, nn = nx * nx + ny * ny + nz * nz;
            // A face that already has no area has no orientation to flip; the collapse may give it one.
            if (oo == 0) continue;
            if (nn <= 1e-12 * oo) return true;
            double dot = ox * nx + oy * ny + oz * nz;
            if (dot <= MinNormalCosine * Math.Sqrt(oo * nn)) return true;
        }
        return false;
    }

    /// <summary>Unnormalised normal of triangle a b c, with vertex `moved` (if any) placed at (x, y, z).</summary>
    private (double X, double Y, double Z) Normal(int a, int b, int c, int moved, double x, double y, double z)
    {
        double ax = a == moved ? x : _p[3 * a], ay = a == moved ? y : _p[3 * a + 1], az = a == moved ? z : _p[3 * a + 2];
        double bx = b == moved ? x : _p[3 * b], by = b == moved ? y : _p[3 * b + 1], bz = b == moved ? z : _p[3 * b + 2];
        double cx = c == moved ? x : _p[3 * c], cy = c == moved ? y : _p[3 * c + 1], cz = c == moved ? z : _p[3 * c + 2];
        double ux = bx - ax, uy = by - ay, uz = bz - az, vx = cx - ax, vy = cy - ay, vz = cz - az;
        return (uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
    }

    private ReadOnlySpan<int> Faces(int v) => _pool.AsSpan(_listStart[v], _listCount[v]);

    /// <summary>Merges v into u at target: shared faces die, v's other faces move to u, and u's edges are requeued.</summary>
    private void Collapse(int u, int v, ReadOnlySpan<double> target)
    {
        _p[3 * u] = target[0]; _p[3 * u + 1] = target[1]; _p[3 * u + 2] = target[2];
        for (int k = 0; k < 10; k++) _q[u * 10 + k] += _q[v * 10 + k];
        if (_locked is not null && _locked[v]) _locked[u] = true;
        int vStart = _listStart[v], vCount = _listCount[v];
        for (int n = 0; n < vCount; n++)
        {
            int f = _pool[vStart + n];
            if (!_faceAlive[f]) continue;
            int a = 3 * f;
            if (_faces[a] == u || _faces[a + 1] == u || _faces[a + 2] == u)
            {
                _faceAlive[f] = false;
                _triangles--;
                continue;
            }
            for (int k = 0; k < 3; k++) if (_faces[a + k] == v) _faces[a + k] = u;
            AppendFace(u, f);
        }
        _vertexAlive[v] = false;
        _listCount[v] = 0;
        if (_head is not null && _head[v] >= 0)
        {
            if (_head[u] < 0) _head[u] = _head[v];
            else _next![_tail![u]] = _head[v];
            _tail![u] = _tail[v];
            _head[v] = -1;
        }
        // Drop u's dead faces so its list only names live ones.
        int s = _listStart[u], w = 0;
        for (int n = 0; n < _listCount[u]; n++)
        {
            int f = _pool[s + n];
            if (_faceAlive[f]) _pool[s + w++] = f;
        }
        _listCount[u] = w;
        _stamp[u]++;
        if (++_markStamp == int.MaxValue) { Array.Clear(_mark); _markStamp = 1; }
        int stamp = _markStamp;
        _mark[u] = stamp;
        foreach (int f in Faces(u))
        {
            for (int k = 0; k < 3; k++)
            {
                int x = _faces[3 * f + k];
                if (_mark[x] == stamp) continue;
                _mark[x] = stamp;
                Push(u, x);
            }
        }
    }

    private void AppendFace(int v, int f)
    {
        if (_listCount[v] == _listCapacity[v])
        {
            int capacity = _listCapacity[v] * 2;
            if (_poolEnd + capacity > _pool.Length) Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolEnd + capacity));
            Array.Copy(_pool, _listStart[v], _pool, _poolEnd, _listCount[v]);
            _listStart[v] = _poolEnd;
            _listCapacity[v] = capacity;
            _poolEnd += capacity;
        }
        _pool[_listStart[v] + _listCount[v]++] = f;
    }
}
