using System.Runtime.CompilerServices;

namespace SurgicalNav.Registration.Surface;

/// <summary>
/// A static k-d tree over 3D float points (mm) for nearest-neighbour queries. Nodes sit in flat arrays in
/// depth-first order, and the points are copied into leaves of 8 slots stored as x[8] y[8] z[8], so one leaf is
/// scanned with one 256-bit comparison. A query allocates nothing and is safe to run from many threads.
/// </summary>
public sealed partial class KdTree
{
    /// <summary>Points per leaf: one Vector256 of floats.</summary>
    internal const int LeafSlots = 8;
    private const int MaxStack = 64;
    private const int ParallelBuildMin = 32_768;
    private const float PaddingCoordinate = 1e18f;

    // Internal node: Split value, Right child id (left is id + 1), Axis 0..2. Leaf: Axis < 0, Right = leaf index.
    private readonly float[] _split;
    private readonly int[] _right;
    private readonly sbyte[] _axis;
    private readonly float[] _leafXyz;
    private readonly int[] _slotToPoint;

    private struct BuildPoint
    {
        public float X, Y, Z;
        public int Index;
    }

    /// <summary>Builds the tree over <paramref name="pointsXyz"/> (x, y, z per point, mm); at least one point, all finite.</summary>
    public KdTree(ReadOnlySpan<float> pointsXyz)
    {
        if (pointsXyz.Length == 0 || pointsXyz.Length % 3 != 0)
        {
            throw new ArgumentException($"a k-d tree needs 3 floats per point and at least one point, got {pointsXyz.Length} floats", nameof(pointsXyz));
        }
        int n = pointsXyz.Length / 3;
        var points = new BuildPoint[n];
        Span<float> lo = [float.MaxValue, float.MaxValue, float.MaxValue];
        Span<float> hi = [float.MinValue, float.MinValue, float.MinValue];
        for (int i = 0; i < n; i++)
        {
            float x = pointsXyz[3 * i], y = pointsXyz[3 * i + 1], z = pointsXyz[3 * i + 2];
            if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
            {
                throw new ArgumentException($"surface point {i} has a NaN or infinite coordinate", nameof(pointsXyz));
            }
            points[i] = new BuildPoint { X = x, Y = y, Z = z, Index = i };
            lo[0] = Math.Min(lo[0], x); lo[1] = Math.Min(lo[1], y); lo[2] = Math.Min(lo[2], z);
            hi[0] = Math.Max(hi[0], x); hi[1] = Math.Max(hi[1], y); hi[2] = Math.Max(hi[2], z);
        }
        int nodes = NodeCount(n), leaves = LeafCount(n);
        _split = new float[nodes];
        _right = new int[nodes];
        _axis = new sbyte[nodes];
        _leafXyz = new float[leaves * 3 * LeafSlots];
        _slotToPoint = new int[leaves * LeafSlots];
        Count = n;
        var box = new Box(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
        Build(points, 0, n, 0, 0, box);
    }

    /// <summary>Number of points in the tree.</summary>
    public int Count { get; }

    /// <summary>Number of leaf slots (8 per leaf, some of them padding); the range of slot numbers.</summary>
    internal int SlotCount => _slotToPoint.Length;

    /// <summary>The point (in the order given to the constructor) held in a slot, or -1 for a padding slot.</summary>
    internal int PointOfSlot(int slot) => _slotToPoint[slot];

    /// <summary>The index (in the order given to the constructor) of the point nearest to (x, y, z), and its squared distance in mm².</summary>
    public int Nearest(float x, float y, float z, out float distanceSq)
    {
        int slot = NearestSlot(x, y, z, float.PositiveInfinity, -1, out distanceSq);
        return _slotToPoint[slot];
    }

    /// <summary>
    /// The slot of the nearest point closer than <paramref name="boundSq"/> (mm²), or -1 when there is none.
    /// <paramref name="hintSlot"/> (a slot, or -1), typically the previous iteration's answer, only tightens the
    /// search bound at the start, so the answer is exact either way.
    /// </summary>
    internal int NearestSlot(float x, float y, float z, float boundSq, int hintSlot, out float distanceSq)
    {
        float best = boundSq;
        int bestSlot = -1;
        if (hintSlot >= 0)
        {
            int leaf = hintSlot / LeafSlots, k = hintSlot - leaf * LeafSlots, o = leaf * 3 * LeafSlots + k;
            float dx = _leafXyz[o] - x, dy = _leafXyz[o + LeafSlots] - y, dz = _leafXyz[o + 2 * LeafSlots] - z;
            float d = dx * dx + dy * dy + dz * dz;
            if (d < best)
            {
                best = d;
                bestSlot = hintSlot;
            }
        }
        Span<int> stackNode = stackalloc int[MaxStack];
        Span<float> stackBound = stackalloc float[MaxStack];
        int top = 0;
        int node = 0;
        ref float split = ref _split[0];
        ref int right = ref _right[0];
        ref sbyte axes = ref _axis[0];
        while (true)
        {
            int axis;
            while ((axis = Unsafe.Add(ref axes, node)) >= 0)
            {
                float q = axis == 0 ? x : axis == 1 ? y : z;
                float delta = q - Unsafe.Add(ref split, node);
                int r = Unsafe.Add(ref right, node);
                int near = delta < 0 ? node + 1 : r, far = delta < 0 ? r : node + 1;
                float planeSq = delta * delta;
                if (planeSq < best)
                {
                    stackNode[top] = far;
                    stackBound[top++] = planeSq;
                }
                node = near;
            }
            ScanLeaf(Unsafe.Add(ref right, node), x, y, z, ref best, ref bestSlot);
            do
            {
                if (top == 0)
                {
                    distanceSq = best;
                    return bestSlot;
                }
                top--;
            }
            while (stackBound[top] >= best);
            node = stackNode[top];
        }
    }

    private readonly record struct Box(float X0, float Y0, float Z0, float X1, float Y1, float Z1)
    {
        public int LongestAxis()
        {
            float ex = X1 - X0, ey = Y1 - Y0, ez = Z1 - Z0;
            return ex >= ey ? (ex >= ez ? 0 : 2) : (ey >= ez ? 1 : 2);
        }

        public Box Below(int axis, float at) => axis == 0 ? this with { X1 = at } : axis == 1 ? this with { Y1 = at } : this with { Z1 = at };

        public Box Above(int axis, float at) => axis == 0 ? this with { X0 = at } : axis == 1 ? this with { Y0 = at } : this with { Z0 = at };
    }

    /// <summary>Nodes of a subtree over n points: every node with more than 8 points splits at the median.</summary>
    private static int NodeCount(int n) => n <= LeafSlots ? 1 : 1 + NodeCount(n / 2) + NodeCount(n - n / 2);

    private static int LeafCount(int n) => n <= LeafSlots ? 1 : LeafCount(n / 2) + LeafCount(n - n / 2);

    /// <summary>Builds the subtree over points[start, end) as node <paramref name="id"/> with its first leaf <paramref name="leaf"/>; the node and leaf numbers of each half follow from the sizes, so halves build in parallel.</summary>
    private void Build(BuildPoint[] points, int start, int end, int id, int leaf, Box box)
    {
        int n = end - start;
        if (n <= LeafSlots)
        {
            _axis[id] = -1;
            _right[id] = leaf;
            int o = leaf * 3 * LeafSlots;
            for (int k = 0; k < LeafSlots; k++)
            {
                bool real = k < n;
                BuildPoint p = real ? points[start + k] : default;
                _leafXyz[o + k] = real ? p.X : PaddingCoordinate;
                _leafXyz[o + LeafSlots + k] = real ? p.Y : PaddingCoordinate;
                _leafXyz[o + 2 * LeafSlots + k] = real ? p.Z : PaddingCoordinate;
                _slotToPoint[leaf * LeafSlots + k] = real ? p.Index : -1;
            }
            return;
        }
        int axis = box.LongestAxis();
        int half = n / 2, mid = start + half;
        Select(points, start, end - 1, mid, axis);
        float at = Coordinate(points[mid], axis);
        int rightId = id + 1 + NodeCount(half), rightLeaf = leaf + LeafCount(half);
        _axis[id] = (sbyte)axis;
        _split[id] = at;
        _right[id] = rightId;
        if (n >= ParallelBuildMin)
        {
            Parallel.Invoke(
                () => Build(points, start, mid, id + 1, leaf, box.Below(axis, at)),
                () => Build(points, mid, end, rightId, rightLeaf, box.Above(axis, at)));
        }
        else
        {
            Build(points, start, mid, id + 1, leaf, box.Below(axis, at));
            Build(points, mid, end, rightId, rightLeaf, box.Above(axis, at));
        }
    }

    private static float Coordinate(in BuildPoint p, int axis) => axis == 0 ? p.X : axis == 1 ? p.Y : p.Z;

    /// <summary>Quickselect: afterwards points[k] holds the k-th smallest along the axis, smaller or equal ones before it and larger or equal ones after.</summary>
    private static void Select(BuildPoint[] p, int lo, int hi, int k, int axis)
    {
        while (hi > lo)
        {
            float pivot = Coordinate(p[(lo + hi) >>> 1], axis);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Coordinate(p[i], axis) < pivot) i++;
                while (Coordinate(p[j], axis) > pivot) j--;
                if (i <= j)
                {
                    (p[i], p[j]) = (p[j], p[i]);
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
