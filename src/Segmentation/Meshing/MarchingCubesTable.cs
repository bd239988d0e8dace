namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// The marching-cubes case table, generated rather than typed in so that it is consistent by construction.
/// Corner c of a cell sits at (c &amp; 1, c &gt;&gt; 1 &amp; 1, c &gt;&gt; 2 &amp; 1); edges 0-3 run along x from corners 0, 2, 4, 6,
/// edges 4-7 along y from corners 0, 1, 4, 5, edges 8-11 along z from corners 0, 1, 2, 3. On every cell face the
/// crossings pair up so that each run of inside corners is cut off on its own (an ambiguous face separates its two
/// inside corners); both cells that share a face see the same corner values, so they agree on the face's segments
/// and the surface is closed. Each face segment runs from the outside-to-inside crossing to the next crossing,
/// counter-clockwise about the outward face normal; the segments chain into loops that are triangulated without a
/// diagonal between two vertices of one face (such a diagonal could be used again by the neighbouring cell), so
/// every edge of the output is used by exactly two triangles in opposite directions and triangles face the
/// outside (below the iso-value).
/// </summary>
internal static class MarchingCubesTable
{
    /// <summary>Most triangles any case produces.</summary>
    public const int MaxTriangles = 8;

    /// <summary>Triangles per case (case bit c set = corner c inside).</summary>
    public static readonly byte[] Count = new byte[256];

    /// <summary>Cell edges of each case's triangles, 3 per triangle, <see cref="MaxTriangles"/> * 3 slots per case.</summary>
    public static readonly sbyte[] Edges = new sbyte[256 * MaxTriangles * 3];

    /// <summary>Bit e set when the case cuts edge e.</summary>
    public static readonly ushort[] EdgeMask = new ushort[256];

    /// <summary>The two corners of each edge, lower corner first.</summary>
    public static readonly (int A, int B)[] EdgeCorners = BuildEdges();

    static MarchingCubesTable()
    {
        int[][] faces = BuildFaces();
        for (int cell = 0; cell < 256; cell++) BuildCase(cell, faces);
    }

    /// <summary>Axis of edge e: 0 x, 1 y, 2 z.</summary>
    public static int Axis(int edge) => edge >> 2;

    private static (int, int)[] BuildEdges()
    {
        var edges = new (int, int)[12];
        int[][] bases = [[0, 2, 4, 6], [0, 1, 4, 5], [0, 1, 2, 3]];
        for (int axis = 0; axis < 3; axis++)
        {
            for (int n = 0; n < 4; n++) edges[axis * 4 + n] = (bases[axis][n], bases[axis][n] | (1 << axis));
        }
        return edges;
    }

    /// <summary>Each face's 4 corners, counter-clockwise about its outward normal.</summary>
    private static int[][] BuildFaces()
    {
        var faces = new int[6][];
        for (int axis = 0; axis < 3; axis++)
        {
            int u = (axis + 1) % 3, w = (axis + 2) % 3;
            for (int side = 0; side < 2; side++)
            {
                (int U, int W)[] order = side == 1 ? [(0, 0), (1, 0), (1, 1), (0, 1)] : [(0, 0), (0, 1), (1, 1), (1, 0)];
                faces[axis * 2 + side] = Array.ConvertAll(order, o => (side << axis) | (o.U << u) | (o.W << w));
            }
        }
        return faces;
    }

    private static int EdgeOf(int a, int b)
    {
        for (int e = 0; e < 12; e++)
        {
            if ((EdgeCorners[e].A == a && EdgeCorners[e].B == b) || (EdgeCorners[e].A == b && EdgeCorners[e].B == a)) return e;
        }
        throw new InvalidOperationException($"corners {a} and {b} share no edge");
    }

    /// <summary>Bit f set when edge e lies on face f.</summary>
    private static int FacesOfEdge(int e, int[][] faces)
    {
        int mask = 0;
        for (int f = 0; f < 6; f++)
        {
            if (Array.IndexOf(faces[f], EdgeCorners[e].A) >= 0 && Array.IndexOf(faces[f], EdgeCorners[e].B) >= 0) mask |= 1 << f;
        }
        return mask;
    }

    private static void BuildCase(int cell, int[][] faces)
    {
        var next = new int[12];
        Array.Fill(next, -1);
        foreach (int[] face in faces)
        {
            for (int k = 0; k < 4; k++)
            {
                int a = face[k], b = face[(k + 1) % 4];
                if ((cell >> a & 1) != 0 || (cell >> b & 1) == 0) continue;
                // Outside-to-inside crossing on edge k: the segment ends at the next crossing about the face.
                for (int m = 1; m < 4; m++)
                {
                    int c = face[(k + m) % 4], d = face[(k + m + 1) % 4];
                    if ((cell >> c & 1) == (cell >> d & 1)) continue;
                    next[EdgeOf(a, b)] = EdgeOf(c, d);
                    break;
                }
            }
        }
        int triangles = 0;
        var visited = new bool[12];
        for (int e = 0; e < 12; e++)
        {
            if (next[e] < 0) continue;
            EdgeMask[cell] |= (ushort)(1 << e);
            if (visited[e]) continue;
            var loop = new List<int>();
            for (int x = e; !visited[x]; x = next[x])
            {
                visited[x] = true;
                loop.Add(x);
            }
            (int bad, List<int> tris) = Triangulate(loop, 0, loop.Count - 1, faces);
            if (bad > 0) throw new InvalidOperationException($"marching cubes case {cell}: no triangulation avoids a face diagonal");
            if (triangles + tris.Count / 3 > MaxTriangles) throw new InvalidOperationException($"marching cubes case {cell} has over {MaxTriangles} triangles");
            for (int t = 0; t < tris.Count; t++) Edges[cell * MaxTriangles * 3 + triangles * 3 + t] = (sbyte)tris[t];
            triangles += tris.Count / 3;
        }
        Count[cell] = (byte)triangles;
    }

    /// <summary>
    /// Triangulates loop[first..last] (in loop order, which keeps the orientation) over its base edge first-last,
    /// fewest diagonals between vertices of one face first, then the fan-like split.
    /// </summary>
    private static (int Bad, List<int> Triangles) Triangulate(List<int> loop, int first, int last, int[][] faces)
    {
        if (last - first < 2) return (0, []);
        (int Bad, List<int> Triangles) best = (int.MaxValue, []);
        for (int apex = first + 1; apex < last; apex++)
        {
            int bad = 0;
            if (apex - first > 1 && (FacesOfEdge(loop[first], faces) & FacesOfEdge(loop[apex], faces)) != 0) bad++;
            if (last - apex > 1 && (FacesOfEdge(loop[apex], faces) & FacesOfEdge(loop[last], faces)) != 0) bad++;
            (int badLeft, List<int> left) = Triangulate(loop, first, apex, faces);
            (int badRight, List<int> right) = Triangulate(loop, apex, last, faces);
            bad += badLeft + badRight;
            if (bad >= best.Bad) continue;
            var triangles = new List<int>(left) { loop[first], loop[apex], loop[last] };
            triangles.AddRange(right);
            best = (bad, triangles);
        }
        return best;
    }
}
