namespace SurgicalNav.Segmentation.Meshing;

/// <summary>The state of one decimation: positions, quadrics, vertex-face lists in one pool, and a lazy edge bucket queue.</summary>
internal sealed partial class QuadricDecimator
{
    private readonly double[] _p;
    private readonly double[] _q;
    private readonly int[] _faces;
    private readonly bool[] _faceAlive;
    private readonly bool[] _vertexAlive;
    private readonly bool[]? _locked;
    private readonly int[] _stamp;
    private readonly int[] _listStart, _listCount, _listCapacity;
    private int[] _pool;
    private int _poolEnd;
    private readonly int[] _mark;
    private int _markStamp;
    private readonly EdgeBucketQueue _queue = new();
    private int _triangles;
    // Deviation tracking (only when a maximum deviation is set): each live vertex owns a linked list of input points
    // (the input vertices merged into it, or the points a previous pass gave it), at their input positions: _head and
    // _tail per vertex, _next per point.
    private float[]? _input;
    private int[]? _head, _next, _tail;
    private double _maxDeviationSquared = double.PositiveInfinity;

    /// <summary>
    /// Prepares a decimation of mesh; locked vertices (one flag each) never move. quadrics (10 per vertex) carries
    /// error already spent, so a later pass keeps measuring against the original planes; null starts from the
    /// planes of mesh's own triangles.
    /// </summary>
    public QuadricDecimator(Mesh mesh, bool[]? locked, double[]? quadrics = null)
    {
        int vertices = mesh.VertexCount, triangles = mesh.TriangleCount;
        _p = new double[vertices * 3];
        for (int n = 0; n < _p.Length; n++) _p[n] = mesh.PositionsMm[n];
        _faces = (int[])mesh.Indices.Clone();
        _faceAlive = new bool[triangles];
        Array.Fill(_faceAlive, true);
        _vertexAlive = new bool[vertices];
        _locked = locked;
        _stamp = new int[vertices];
        _mark = new int[vertices];
        _triangles = triangles;
        _q = quadrics ?? PlaneQuadrics(mesh.PositionsMm, mesh.Indices, vertices);
        _listStart = new int[vertices];
        _listCount = new int[vertices];
        _listCapacity = new int[vertices];
        foreach (int v in _faces) _listCapacity[v]++;
        int total = 0;
        for (int v = 0; v < vertices; v++)
        {
            _listStart[v] = total;
            _listCapacity[v] += 2;
            total += _listCapacity[v];
        }
        _pool = new int[total + total / 2 + 16];
        _poolEnd = total;
        for (int f = 0; f < triangles; f++)
        {
            for (int k = 0; k < 3; k++)
            {
                int v = _faces[3 * f + k];
                _pool[_listStart[v] + _listCount[v]++] = f;
                _vertexAlive[v] = true;
            }
        }
        for (int f = 0; f < triangles; f++)
        {
            for (int k = 0; k < 3; k++)
            {
                int a = _faces[3 * f + k], b = _faces[3 * f + (k + 1) % 3];
                if (a < b) Push(a, b);
            }
        }
    }

    /// <summary>Each vertex's quadric (10 doubles: the upper triangle of A, then b, then c), as collapses have summed them.</summary>
    public double[] Quadrics => _q;

    /// <summary>
    /// From now on refuse any collapse that would leave an input vertex (this decimator's input mesh) farther than
    /// maxDeviationMm from the triangles around the vertex it was merged into: a one-sided Hausdorff bound
    /// (input to output) checked per collapse, which keeps thin parts that plane quadrics let collapse.
    /// </summary>
    public void LimitDeviation(double maxDeviationMm)
    {
        if (!double.IsFinite(maxDeviationMm)) return;
        int vertices = _vertexAlive.Length;
        var input = new float[vertices * 3];
        for (int n = 0; n < input.Length; n++) input[n] = (float)_p[n];
        var owner = new int[vertices];
        for (int v = 0; v < vertices; v++) owner[v] = v;
        LimitDeviation(maxDeviationMm, input, owner);
    }

    /// <summary>
    /// As <see cref="LimitDeviation(double)"/>, for points of an earlier input: point i at pointsMm[3i..3i+2] (LPS mm)
    /// belongs to vertex owner[i] of this decimator's mesh and must already lie within the limit of that vertex's
    /// triangles. A finishing pass over joined slabs measures against the original mesh's vertices this way.
    /// </summary>
    public void LimitDeviation(double maxDeviationMm, float[] pointsMm, int[] owner)
    {
        if (!double.IsFinite(maxDeviationMm)) return;
        int vertices = _vertexAlive.Length, points = owner.Length;
        _input = pointsMm;
        _head = new int[vertices];
        _tail = new int[vertices];
        Array.Fill(_head, -1);
        _next = new int[points];
        // Built back to front, so each vertex's list runs in point order.
        for (int q = points - 1; q >= 0; q--)
        {
            int v = owner[q];
            if (_head[v] < 0) _tail[v] = q;
            _next[q] = _head[v];
            _head[v] = q;
        }
        _maxDeviationSquared = maxDeviationMm * maxDeviationMm;
        _witnessFace = new int[points];
        Array.Fill(_witnessFace, -1);
        _witnessVersion = new int[points];
        _faceVersion = new int[_faceAlive.Length];
    }

    /// <summary>
    /// For each input point (see <see cref="LimitDeviation(double, float[], int[])"/>), the output vertex that owns it:
    /// origin[r] is the decimator vertex behind output vertex r, as <see cref="ToMesh(string, float[], out int[], out bool[])"/> gives it.
    /// </summary>
    public int[] PointOwners(int[] origin)
    {
        if (_head is null || _next is null) throw new InvalidOperationException("the deviation bound is off, so no points are tracked");
        var owner = new int[_next.Length];
        Array.Fill(owner, -1);
        for (int r = 0; r < origin.Length; r++)
        {
            for (int q = _head[origin[r]]; q >= 0; q = _next[q]) owner[q] = r;
        }
        return owner;
    }

    /// <summary>Collapses edges cheapest first until the triangle target or the squared error limit is reached.</summary>
    public void Run(int targetTriangles, double maxErrorSquared)
    {
        Span<double> target = stackalloc double[3];
        while (_triangles > targetTriangles && _queue.TryPop(out EdgeBucketQueue.Entry edge))
        {
            if (edge.Cost > maxErrorSquared) break;
            (int u, int v, int su, int sv) = (edge.U, edge.V, edge.StampU, edge.StampV);
            if (!_vertexAlive[u] || !_vertexAlive[v] || _stamp[u] != su || _stamp[v] != sv) continue;
            if (!Optimal(u, v, target, out _)) continue;
            if (!LinkConditionHolds(u, v)) continue;
            // A zero-length edge (coincident vertices) moves nothing: it collapses at once, without the flip test
            // that its zero-area faces would fail.
            if (!Coincident(u, v) && (Flips(u, v, target) || Flips(v, u, target))) continue;
            if (_input is not null && !WithinDeviation(u, v, target)) continue;
            Collapse(u, v, target);
            if (_input is not null) CommitWitnesses(u);
        }
    }

    /// <summary>Surviving vertices and triangles, renumbered in their original order.</summary>
    public Mesh ToMesh(string name, float[] color) => ToMesh(name, color, out _, out _);

    /// <summary>As <see cref="ToMesh(string, float[])"/>, also giving each output vertex's input index and whether it ended locked.</summary>
    public Mesh ToMesh(string name, float[] color, out int[] origin, out bool[] locked)
    {
        var remap = new int[_vertexAlive.Length];
        Array.Fill(remap, -1);
        int vertices = 0;
        for (int f = 0; f < _faceAlive.Length; f++)
        {
            if (!_faceAlive[f]) continue;
            for (int k = 0; k < 3; k++) remap[_faces[3 * f + k]] = 0;
        }
        for (int v = 0; v < remap.Length; v++) if (remap[v] == 0) remap[v] = vertices++;
        var positions = new float[vertices * 3];
        origin = new int[vertices];
        locked = new bool[vertices];
        for (int v = 0; v < remap.Length; v++)
        {
            int r = remap[v];
            if (r < 0) continue;
            origin[r] = v;
            locked[r] = _locked is not null && _locked[v];
            positions[3 * r] = (float)_p[3 * v]; positions[3 * r + 1] = (float)_p[3 * v + 1]; positions[3 * r + 2] = (float)_p[3 * v + 2];
        }
        var indices = new int[_triangles * 3];
        int w = 0;
        for (int f = 0; f < _faceAlive.Length; f++)
        {
            if (!_faceAlive[f]) continue;
            indices[w++] = remap[_faces[3 * f]]; indices[w++] = remap[_faces[3 * f + 1]]; indices[w++] = remap[_faces[3 * f + 2]];
        }
        return new Mesh(name, color, positions, indices);
    }

    private void Push(int u, int v)
    {
        Span<double> target = stackalloc double[3];
        if (Optimal(u, v, target, out double cost)) _queue.Push(new EdgeBucketQueue.Entry(u, v, _stamp[u], _stamp[v], cost));
    }
}
