namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Lookup tables for one 2x2x2 cell of the multi-label dual grid. Corner n sits at (n &amp; 1, (n &gt;&gt; 1) &amp; 1,
/// n &gt;&gt; 2) from the cell's minimum corner. Edge e runs along axis e / 4; for axis x it joins corners with the
/// same (y, z) = (e &amp; 1, e &gt;&gt; 1 &amp; 1), likewise for y with (x, z) and for z with (x, y).
/// </summary>
internal static class CellTables
{
    /// <summary>Corner indices (lower, upper) of each of the 12 edges.</summary>
    public static readonly byte[] EdgeLower = new byte[12], EdgeUpper = new byte[12];

    /// <summary>For a mask of corners that hold one label: the surface patch each crossing edge belongs to (-1 when the edge does not cross).</summary>
    public static readonly sbyte[] PatchOfEdge = new sbyte[256 * 12];

    /// <summary>Number of separate surface patches of a label in the cell for each corner mask.</summary>
    public static readonly byte[] PatchCount = new byte[256];

    /// <summary>
    /// True for a corner mask whose label sits on a face diagonal and joins both corners up inside the cell, so
    /// one patch crosses that face twice. When the cell beside the face does the same, the two patch vertices
    /// share an edge of four triangles; <see cref="FaceRingSplitter"/> mends those edges.
    /// </summary>
    public static readonly bool[] CrossesFaceTwice = new bool[256];

    /// <summary>For each 12-bit mask of crossing edges, the mean of their midpoints relative to the minimum corner (x, y, z).</summary>
    public static readonly float[] MeanOffset = new float[4096 * 3];

    static CellTables()
    {
        for (int e = 0; e < 12; e++)
        {
            int axis = e >> 2, a = e & 1, b = (e >> 1) & 1;
            int lower = axis switch { 0 => (a << 1) | (b << 2), 1 => a | (b << 2), _ => a | (b << 1) };
            EdgeLower[e] = (byte)lower;
            EdgeUpper[e] = (byte)(lower | (1 << axis));
        }
        for (int mask = 0; mask < 256; mask++) BuildPatches(mask);
        for (int edges = 0; edges < 4096; edges++)
        {
            double x = 0, y = 0, z = 0;
            int n = 0;
            for (int e = 0; e < 12; e++)
            {
                if ((edges & (1 << e)) == 0) continue;
                int lo = EdgeLower[e], hi = EdgeUpper[e];
                x += ((lo & 1) + (hi & 1)) * 0.5;
                y += (((lo >> 1) & 1) + ((hi >> 1) & 1)) * 0.5;
                z += ((lo >> 2) + (hi >> 2)) * 0.5;
                n++;
            }
            if (n == 0) continue;
            MeanOffset[edges * 3] = (float)(x / n);
            MeanOffset[edges * 3 + 1] = (float)(y / n);
            MeanOffset[edges * 3 + 2] = (float)(z / n);
        }
    }

    /// <summary>Edge index joining two corners that differ in exactly one bit.</summary>
    private static int EdgeOf(int p, int q)
    {
        int lo = Math.Min(p, q), axisBit = p ^ q;
        int axis = axisBit == 1 ? 0 : axisBit == 2 ? 1 : 2;
        int a = axis == 0 ? (lo >> 1) & 1 : lo & 1;
        int b = axis == 2 ? (lo >> 1) & 1 : lo >> 2;
        return axis * 4 + a + 2 * b;
    }

    /// <summary>
    /// Groups the crossing edges of one label's corner mask into patches, marching-cubes style: on every cell
    /// face the contour joins crossing edges, and where the label sits on a face diagonal the two corners are
    /// kept apart (the label is 6-connected, its complement 18-connected). Both cells that share a face decide
    /// it the same way, so each patch becomes one vertex and the dual surface is a 2-manifold.
    /// </summary>
    private static void BuildPatches(int mask)
    {
        Span<int> parent = stackalloc int[12];
        for (int e = 0; e < 12; e++) parent[e] = e;
        Span<int> ring = stackalloc int[4];
        Span<int> diagonals = stackalloc int[12];
        int diagonalCount = 0;
        for (int axis = 0; axis < 3; axis++)
        {
            int u = (axis + 1) % 3, v = (axis + 2) % 3;
            for (int side = 0; side < 2; side++)
            {
                int basis = side << axis;
                ring[0] = basis; ring[1] = basis | (1 << u); ring[2] = basis | (1 << u) | (1 << v); ring[3] = basis | (1 << v);
                int count = 0;
                for (int n = 0; n < 4; n++) count += (mask >> ring[n]) & 1;
                if (count == 0 || count == 4) continue;
                if (count == 2 && ((mask >> ring[0]) & 1) == ((mask >> ring[2]) & 1))
                {
                    // Diagonal: a contour segment around each labelled corner.
                    for (int n = 0; n < 4; n++)
                    {
                        if (((mask >> ring[n]) & 1) == 0) continue;
                        Union(parent, EdgeOf(ring[n], ring[(n + 3) % 4]), EdgeOf(ring[n], ring[(n + 1) % 4]));
                    }
                    diagonals[diagonalCount++] = EdgeOf(ring[0], ring[1]);
                    diagonals[diagonalCount++] = EdgeOf(ring[2], ring[3]);
                    continue;
                }
                // One, two adjacent or three labelled corners: the face has exactly two crossing edges, one segment.
                int first = -1;
                for (int n = 0; n < 4; n++)
                {
                    int p = ring[n], q = ring[(n + 1) % 4];
                    if (((mask >> p) & 1) == ((mask >> q) & 1)) continue;
                    int e = EdgeOf(p, q);
                    if (first < 0) first = e; else Union(parent, first, e);
                }
            }
        }
        for (int n = 0; n < diagonalCount; n += 2)
        {
            if (Find(parent, diagonals[n]) == Find(parent, diagonals[n + 1])) CrossesFaceTwice[mask] = true;
        }
        Span<int> id = stackalloc int[12];
        id.Fill(-1);
        int patches = 0;
        for (int e = 0; e < 12; e++)
        {
            bool crosses = ((mask >> EdgeLower[e]) & 1) != ((mask >> EdgeUpper[e]) & 1);
            if (!crosses) { PatchOfEdge[mask * 12 + e] = -1; continue; }
            int root = Find(parent, e);
            if (id[root] < 0) id[root] = patches++;
            PatchOfEdge[mask * 12 + e] = (sbyte)id[root];
        }
        PatchCount[mask] = (byte)patches;
    }

    private static int Find(Span<int> parent, int e)
    {
        while (parent[e] != e) e = parent[e] = parent[parent[e]];
        return e;
    }

    private static void Union(Span<int> parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
