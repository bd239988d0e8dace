using System.Numerics;
using System.Runtime.CompilerServices;

namespace SurgicalNav.Segmentation.Meshing;

internal sealed partial class MarchingCubesGrid
{
    // Per cell edge: the x offset of its lower corner, its row among the cell's four (dy + 2 dz) and its axis.
    private static readonly int[] EdgeDx = new int[12], EdgeRow = new int[12], EdgeAxis = new int[12];

    static MarchingCubesGrid()
    {
        for (int e = 0; e < 12; e++)
        {
            int a = MarchingCubesTable.EdgeCorners[e].A;
            EdgeDx[e] = a & 1;
            EdgeRow[e] = (a >> 1 & 1) + 2 * (a >> 2 & 1);
            EdgeAxis[e] = MarchingCubesTable.Axis(e);
        }
    }

    /// <summary>Pass 3: the vertices owned by the rows of padded slice k, voxel by voxel, x then y then z edge.</summary>
    private void EmitVertices(int k, int[] vertexStart, float[] positions)
    {
        int w = _words;
        for (int j = 0; j < _py; j++)
        {
            int r = k * _py + j;
            if (_rowVertices[r] == 0) continue;
            ReadOnlySpan<ulong> cross = _cross.AsSpan(r * w * 3, w * 3);
            int o = vertexStart[r] * 3;
            for (int n = 0; n < w; n++)
            {
                ulong x = cross[n], y = cross[w + n], z = cross[2 * w + n];
                ulong any = x | y | z;
                while (any != 0)
                {
                    int bit = BitOperations.TrailingZeroCount(any);
                    any &= any - 1;
                    int i = n * 64 + bit;
                    int v0 = Value(i, j, k);
                    if ((x >> bit & 1) != 0) o = Write(positions, o, i, j, k, 0, v0, Value(i + 1, j, k));
                    if ((y >> bit & 1) != 0) o = Write(positions, o, i, j, k, 1, v0, Value(i, j + 1, k));
                    if ((z >> bit & 1) != 0) o = Write(positions, o, i, j, k, 2, v0, Value(i, j, k + 1));
                }
            }
        }
    }

    /// <summary>The HU sample at padded index (i, j, k), or <see cref="Pad"/> outside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Value(int i, int j, int k)
    {
        if ((uint)(i - 1) >= (uint)_nx || (uint)(j - 1) >= (uint)_ny || (uint)(k - 1) >= (uint)_nz) return Pad;
        return _hu[((k - 1) * _ny + (j - 1)) * _nx + (i - 1)];
    }

    // How close (in voxels) a crossing may come to a sample. A sample exactly at the iso-value would otherwise
    // receive the crossings of all its edges at one point: coincident vertices and zero-area triangles, which
    // decimation and normals cannot use. 1/256 voxel moves the surface by at most 0.004 voxel.
    private const double EndGap = 1.0 / 256;

    /// <summary>
    /// Writes the crossing on the edge from padded (i, j, k) along axis: linear interpolation of the iso-value
    /// between the two samples, or the image voxel itself when the other end is padding (so the border cap lies in
    /// the outermost voxel plane), kept <see cref="EndGap"/> from either end so no two vertices coincide.
    /// </summary>
    private int Write(float[] positions, int o, int i, int j, int k, int axis, int v0, int v1)
    {
        double t = Math.Clamp(v0 == Pad ? 1 : v1 == Pad ? 0 : (_iso - v0) / (v1 - v0), EndGap, 1 - EndGap);
        double x = i - 1, y = j - 1, z = k - 1;
        if (axis == 0) x += t; else if (axis == 1) y += t; else z += t;
        double[] m = _affine;
        positions[o] = (float)(m[0] * x + m[1] * y + m[2] * z + m[3]);
        positions[o + 1] = (float)(m[4] * x + m[5] * y + m[6] * z + m[7]);
        positions[o + 2] = (float)(m[8] * x + m[9] * y + m[10] * z + m[11]);
        return o + 3;
    }

    /// <summary>Pass 4: the triangles of the cells between padded slices k and k + 1, at their final index.</summary>
    private void EmitTriangles(int k, int[] vertexStart, int[] triangleStart, int[] indices, bool flip)
    {
        int w = _words;
        Span<int> rows = stackalloc int[4];
        Span<int> ids = stackalloc int[12];
        for (int j = 0; j < _py - 1; j++)
        {
            int r = k * _py + j;
            if (_rowTriangles[r] == 0) continue;
            rows[0] = r; rows[1] = r + 1; rows[2] = r + _py; rows[3] = r + _py + 1;
            ReadOnlySpan<ulong> b0 = _bits.AsSpan(rows[0] * w, w), b1 = _bits.AsSpan(rows[1] * w, w);
            ReadOnlySpan<ulong> b2 = _bits.AsSpan(rows[2] * w, w), b3 = _bits.AsSpan(rows[3] * w, w);
            int o = triangleStart[r] * 3;
            for (int n = 0; n < w; n++)
            {
                ulong active = Active(b0, b1, b2, b3, n);
                while (active != 0)
                {
                    int bit = BitOperations.TrailingZeroCount(active);
                    active &= active - 1;
                    int i = n * 64 + bit;
                    int cell = Case(b0, b1, b2, b3, n, bit);
                    int mask = MarchingCubesTable.EdgeMask[cell];
                    while (mask != 0)
                    {
                        int e = BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        ids[e] = VertexId(rows[EdgeRow[e]], i + EdgeDx[e], EdgeAxis[e], vertexStart);
                    }
                    int count = MarchingCubesTable.Count[cell];
                    int t0 = cell * MarchingCubesTable.MaxTriangles * 3;
                    for (int t = 0; t < count * 3; t += 3)
                    {
                        int a = ids[MarchingCubesTable.Edges[t0 + t]], b = ids[MarchingCubesTable.Edges[t0 + t + 1]], c = ids[MarchingCubesTable.Edges[t0 + t + 2]];
                        indices[o] = a;
                        indices[o + 1] = flip ? c : b;
                        indices[o + 2] = flip ? b : c;
                        o += 3;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The id of the vertex on the axis edge owned by voxel i of row r: the row's first id, plus the crossings its
    /// voxels below i own (population counts of the three masks), plus the x (and y) crossing of voxel i itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int VertexId(int r, int i, int axis, int[] vertexStart)
    {
        int w = _words, n = i >> 6, bit = i & 63;
        int c = r * w * 3 + n;
        ulong below = (1UL << bit) - 1;
        ulong x = _cross[c], y = _cross[c + w];
        int id = vertexStart[r] + _prefix[r * w + n]
            + BitOperations.PopCount(x & below) + BitOperations.PopCount(y & below) + BitOperations.PopCount(_cross[c + 2 * w] & below);
        if (axis > 0) id += (int)(x >> bit & 1);
        if (axis > 1) id += (int)(y >> bit & 1);
        return id;
    }
}
