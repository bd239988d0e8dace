namespace SurgicalNav.Registration.Surface;

/// <summary>
/// A static k-d tree over 3D float points (mm) for nearest-neighbour queries. Points are copied and reordered
/// into leaf buckets for cache locality; a query allocates nothing and is safe to run from many threads.
/// </summary>
public sealed class KdTree
{
    private const int LeafSize = 8;
    private const byte Leaf = 255;
    private const int MaxStack = 96;

    private readonly float[] _xyz;
    private readonly int[] _original;
    private readonly List<Node> _build = [];
    private readonly Node[] _nodes;

    private struct Node
    {
        public int Start, End, Left, Right;
        public float Split;
        public byte Axis;
    }

    /// <summary>Builds the tree over <paramref name="pointsXyz"/> (x, y, z per point, mm); at least one point, all finite.</summary>
    public KdTree(ReadOnlySpan<float> pointsXyz)
    {
        if (pointsXyz.Length == 0 || pointsXyz.Length % 3 != 0)
        {
            throw new ArgumentException($"a k-d tree needs 3 floats per point and at least one point, got {pointsXyz.Length} floats", nameof(pointsXyz));
        }
        int n = pointsXyz.Length / 3;
        for (int i = 0; i < pointsXyz.Length; i++)
        {
            if (!float.IsFinite(pointsXyz[i])) throw new ArgumentException($"surface point {i / 3} has a NaN or infinite coordinate", nameof(pointsXyz));
        }
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float[] source = pointsXyz.ToArray();
        BuildNode(source, order, 0, n, depth: 0);
        _nodes = [.. _build];
        _build.Clear();
        _xyz = new float[pointsXyz.Length];
        _original = order;
        for (int i = 0; i < n; i++)
        {
            _xyz[3 * i] = source[3 * order[i]];
            _xyz[3 * i + 1] = source[3 * order[i] + 1];
            _xyz[3 * i + 2] = source[3 * order[i] + 2];
        }
    }

    /// <summary>Number of points in the tree.</summary>
    public int Count => _original.Length;

    /// <summary>The index (in the order given to the constructor) of the point nearest to (x, y, z), and its squared distance in mm².</summary>
    public int Nearest(float x, float y, float z, out float distanceSq)
    {
        Span<int> stackNode = stackalloc int[MaxStack];
        Span<float> stackBound = stackalloc float[MaxStack];
        int top = 0;
        stackNode[top] = 0;
        stackBound[top++] = 0;
        float best = float.PositiveInfinity;
        int bestIndex = 0;
        Node[] nodes = _nodes;
        float[] xyz = _xyz;
        while (top > 0)
        {
            top--;
            if (stackBound[top] >= best) continue;
            ref readonly Node node = ref nodes[stackNode[top]];
            while (node.Axis != Leaf)
            {
                float q = node.Axis == 0 ? x : node.Axis == 1 ? y : z;
                float delta = q - node.Split;
                int near = delta < 0 ? node.Left : node.Right, far = delta < 0 ? node.Right : node.Left;
                float planeSq = delta * delta;
                if (planeSq < best && top < MaxStack)
                {
                    stackNode[top] = far;
                    stackBound[top++] = planeSq;
                }
                node = ref nodes[near];
            }
            for (int i = node.Start; i < node.End; i++)
            {
                float dx = xyz[3 * i] - x, dy = xyz[3 * i + 1] - y, dz = xyz[3 * i + 2] - z;
                float d = dx * dx + dy * dy + dz * dz;
                if (d < best)
                {
                    best = d;
                    bestIndex = i;
                }
            }
        }
        distanceSq = best;
        return _original[bestIndex];
    }

    private int BuildNode(float[] p, int[] order, int start, int end, int depth)
    {
        int id = _build.Count;
        _build.Add(default);
        if (end - start <= LeafSize || depth >= MaxStack - 2)
        {
            _build[id] = new Node { Start = start, End = end, Axis = Leaf };
            return id;
        }
        Span<float> lo = [float.MaxValue, float.MaxValue, float.MaxValue];
        Span<float> hi = [float.MinValue, float.MinValue, float.MinValue];
        for (int i = start; i < end; i++)
        {
            for (int a = 0; a < 3; a++)
            {
                float v = p[3 * order[i] + a];
                lo[a] = Math.Min(lo[a], v);
                hi[a] = Math.Max(hi[a], v);
            }
        }
        byte axis = (byte)(hi[0] - lo[0] >= hi[1] - lo[1] ? (hi[0] - lo[0] >= hi[2] - lo[2] ? 0 : 2) : (hi[1] - lo[1] >= hi[2] - lo[2] ? 1 : 2));
        if (hi[axis] - lo[axis] <= 0)
        {
            _build[id] = new Node { Start = start, End = end, Axis = Leaf };
            return id;
        }
        int mid = (start + end) / 2;
        Select(p, order, start, end - 1, mid, axis);
        float split = p[3 * order[mid] + axis];
        int left = BuildNode(p, order, start, mid, depth + 1);
        int right = BuildNode(p, order, mid, end, depth + 1);
        _build[id] = new Node { Start = start, End = end, Left = left, Right = right, Split = split, Axis = axis };
        return id;
    }

    /// <summary>Quickselect: afterwards order[k] holds the k-th smallest along the axis, smaller ones before it and larger ones after.</summary>
    private static void Select(float[] p, int[] order, int lo, int hi, int k, int axis)
    {
        while (hi > lo)
        {
            float pivot = p[3 * order[(lo + hi) >>> 1] + axis];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (p[3 * order[i] + axis] < pivot) i++;
                while (p[3 * order[j] + axis] > pivot) j--;
                if (i <= j)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }
}
