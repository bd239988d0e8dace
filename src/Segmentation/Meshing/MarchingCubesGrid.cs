using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// One marching-cubes run in the flying-edges manner: the CT is seen through one layer of padding (below the
/// iso-value) so surfaces close at the image border, inside/outside is kept as one bit per voxel in 64-bit row
/// words, and four passes over z-slices, each parallel and allocation-free per voxel, give (1) the bits, (2) per
/// row the crossed edges and per cell row the triangle count, (3) after a prefix sum, each row's vertices at their
/// final index, (4) each cell's triangles at their final index. Vertex ids come from the crossing masks by
/// population count, so no per-edge id volume is stored and the output is the same for any thread count.
/// </summary>
internal sealed partial class MarchingCubesGrid
{
    private const int Pad = int.MinValue;
    private readonly short[] _hu;
    private readonly int _nx, _ny, _nz, _px, _py, _pz, _words;
    private readonly short _threshold;
    private readonly double _iso;
    private readonly ulong[] _bits;
    private readonly ulong[] _cross;
    private readonly int[] _prefix;
    private readonly int[] _rowVertices, _rowTriangles;
    private readonly double[] _affine;

    /// <summary>Sets up the run; isoHu must lie within the int16 range (callers handle values outside it).</summary>
    public MarchingCubesGrid(Volume<short> ct, double isoHu)
    {
        _hu = ct.Data;
        (_nx, _ny, _nz) = (ct.Dimensions.X, ct.Dimensions.Y, ct.Dimensions.Z);
        (_px, _py, _pz) = (_nx + 2, _ny + 2, _nz + 2);
        _words = (_px + 63) / 64;
        _iso = isoHu;
        // An integer sample is at or above isoHu exactly when it is at or above its ceiling.
        _threshold = (short)Math.Clamp(Math.Ceiling(isoHu), short.MinValue, short.MaxValue);
        long rows = (long)_py * _pz;
        _bits = new ulong[checked(rows * _words)];
        _cross = new ulong[checked(rows * _words * 3)];
        _prefix = new int[checked(rows * _words)];
        _rowVertices = new int[rows];
        _rowTriangles = new int[rows];
        _affine = Affine(ct.Geometry);
    }

    /// <summary>The closed surface: positions in patient LPS mm, triangles counter-clockwise seen from below the iso-value.</summary>
    public Mesh Run(string name, float[] color)
    {
        Parallel.For(0, _nz, FillBits);
        Parallel.For(0, _pz, CountRows);
        int rows = _py * _pz;
        var vertexStart = new int[rows];
        var triangleStart = new int[rows];
        long vertices = 0, triangles = 0;
        for (int r = 0; r < rows; r++)
        {
            vertexStart[r] = (int)vertices;
            triangleStart[r] = (int)triangles;
            vertices += _rowVertices[r];
            triangles += _rowTriangles[r];
            if (vertices * 3 > Array.MaxLength || triangles * 3 > Array.MaxLength)
            {
                throw new InvalidOperationException("the isosurface has more vertices or triangles than one mesh can hold; crop the volume or raise the iso-value");
            }
        }
        var positions = new float[vertices * 3];
        var indices = new int[triangles * 3];
        bool flip = Determinant(_affine) < 0;
        Parallel.For(0, _pz, k => EmitVertices(k, vertexStart, positions));
        Parallel.For(0, _pz - 1, k => EmitTriangles(k, vertexStart, triangleStart, indices, flip));
        return new Mesh(name, color, positions, indices);
    }

    /// <summary>Pass 1: one bit per voxel (at or above the iso-value) in padded row words; 16 voxels per compare.</summary>
    private void FillBits(int k)
    {
        var threshold = Vector256.Create(_threshold);
        for (int j = 0; j < _ny; j++)
        {
            int row = ((k + 1) * _py + j + 1) * _words;
            ReadOnlySpan<short> src = _hu.AsSpan((k * _ny + j) * _nx, _nx);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref short first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src);
                for (; i + 16 <= _nx; i += 16)
                {
                    uint m = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)i), threshold).ExtractMostSignificantBits();
                    if (m != 0) SetBits(row, i + 1, m);
                }
            }
            for (; i < _nx; i++)
            {
                if (src[i] >= _threshold) _bits[row + ((i + 1) >> 6)] |= 1UL << ((i + 1) & 63);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetBits(int row, int position, ulong mask16)
    {
        int word = position >> 6, offset = position & 63;
        _bits[row + word] |= mask16 << offset;
        if (offset > 48) _bits[row + word + 1] |= mask16 >> (64 - offset);
    }

    /// <summary>Pass 2: per row the x, y and z edges its voxels own that cross the iso-value, and per cell row its triangle count.</summary>
    private void CountRows(int k)
    {
        int w = _words;
        for (int j = 0; j < _py; j++)
        {
            int r = k * _py + j;
            ReadOnlySpan<ulong> b = _bits.AsSpan(r * w, w);
            ReadOnlySpan<ulong> by = j + 1 < _py ? _bits.AsSpan((r + 1) * w, w) : default;
            ReadOnlySpan<ulong> bz = k + 1 < _pz ? _bits.AsSpan((r + _py) * w, w) : default;
            bool empty = IsZero(b) && IsZero(by) && IsZero(bz);
            if (!empty) CountVertices(r, b, by, bz);
            if (by.IsEmpty || bz.IsEmpty) continue;
            ReadOnlySpan<ulong> byz = _bits.AsSpan((r + _py + 1) * w, w);
            if (empty && IsZero(byz)) continue;
            int triangles = 0;
            for (int n = 0; n < w; n++)
            {
                ulong active = Active(b, by, bz, byz, n);
                while (active != 0)
                {
                    int bit = BitOperations.TrailingZeroCount(active);
                    active &= active - 1;
                    triangles += MarchingCubesTable.Count[Case(b, by, bz, byz, n, bit)];
                }
            }
            _rowTriangles[r] = triangles;
        }
    }

    /// <summary>Row r's x, y and z crossing masks, the crossings before each word, and the row's vertex count.</summary>
    private void CountVertices(int r, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> by, ReadOnlySpan<ulong> bz)
    {
        int w = _words;
        Span<ulong> cross = _cross.AsSpan(r * w * 3, w * 3);
        int running = 0;
        for (int n = 0; n < w; n++)
        {
            ulong x = b[n] ^ Shifted(b, n);
            ulong y = by.IsEmpty ? 0 : b[n] ^ by[n];
            ulong z = bz.IsEmpty ? 0 : b[n] ^ bz[n];
            cross[n] = x;
            cross[w + n] = y;
            cross[2 * w + n] = z;
            _prefix[r * w + n] = running;
            running += BitOperations.PopCount(x) + BitOperations.PopCount(y) + BitOperations.PopCount(z);
        }
        _rowVertices[r] = running;
    }

    private static bool IsZero(ReadOnlySpan<ulong> words)
    {
        foreach (ulong x in words) if (x != 0) return false;
        return true;
    }

    /// <summary>Word n of the row shifted down by one voxel: bit i holds voxel i + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Shifted(ReadOnlySpan<ulong> row, int n) => (row[n] >> 1) | (n + 1 < row.Length ? row[n + 1] << 63 : 0);

    /// <summary>Cells of word n whose 8 corners are not all on one side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Active(ReadOnlySpan<ulong> r0, ReadOnlySpan<ulong> r1, ReadOnlySpan<ulong> r2, ReadOnlySpan<ulong> r3, int n)
    {
        ulong any = r0[n] | r1[n] | r2[n] | r3[n];
        ulong all = r0[n] & r1[n] & r2[n] & r3[n];
        ulong anyNext = Shifted(r0, n) | Shifted(r1, n) | Shifted(r2, n) | Shifted(r3, n);
        ulong allNext = Shifted(r0, n) & Shifted(r1, n) & Shifted(r2, n) & Shifted(r3, n);
        return (any | anyNext) & ~(all & allNext);
    }

    /// <summary>The case of the cell at bit of word n: corner c inside sets bit c (rows r0..r3 = dy + 2 dz, x offset = c &amp; 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Case(ReadOnlySpan<ulong> r0, ReadOnlySpan<ulong> r1, ReadOnlySpan<ulong> r2, ReadOnlySpan<ulong> r3, int n, int bit)
    {
        int i = n * 64 + bit;
        return Bit(r0, i) | Bit(r0, i + 1) << 1 | Bit(r1, i) << 2 | Bit(r1, i + 1) << 3
            | Bit(r2, i) << 4 | Bit(r2, i + 1) << 5 | Bit(r3, i) << 6 | Bit(r3, i + 1) << 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(ReadOnlySpan<ulong> row, int i) => (i >> 6) < row.Length ? (int)(row[i >> 6] >> (i & 63)) & 1 : 0;

    /// <summary>Index (i, j, k) to patient LPS mm: the 3x3 direction times spacing, row-major, then the origin.</summary>
    private static double[] Affine(ImageGeometry g)
    {
        Vec3 o = g.IndexToPatient(0, 0, 0), ex = g.IndexToPatient(1, 0, 0) - o, ey = g.IndexToPatient(0, 1, 0) - o, ez = g.IndexToPatient(0, 0, 1) - o;
        return [ex.X, ey.X, ez.X, o.X, ex.Y, ey.Y, ez.Y, o.Y, ex.Z, ey.Z, ez.Z, o.Z];
    }

    private static double Determinant(double[] m) =>
        m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) + m[2] * (m[4] * m[9] - m[5] * m[8]);
}
