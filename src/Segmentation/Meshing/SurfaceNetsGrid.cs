using System.Runtime.Intrinsics;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// The sampled, bbox-restricted binary grid that surface nets walks, and the per-slab walk itself.
/// Local sample (i, j, k) is voxel ((Start + (i, j, k)) * Step); cell (a, b, c) has corners at local
/// samples a-1..a, b-1..b, c-1..c, so cells run 0..Width, 0..Height, 0..Depth and the padding is background.
/// </summary>
internal sealed class SurfaceNetsGrid
{
    // Corner n of a cell sits at (dx, dy, dz) = (n >> 2, n & 1, (n >> 1) & 1) from its minimum corner,
    // which matches mask = rowBits[a] | rowBits[a + 1] << 4 with rowBits bit (dy + 2 dz).
    private static readonly float[] CornerMeanOffsets = BuildOffsets();

    private readonly byte[] _data;
    private readonly int _nx, _ny;
    private readonly byte _value;
    private readonly int _step;
    private readonly Int3 _start;
    private readonly bool _flip;
    // Affine map from (a + ox, b + oy, c + oz) to patient LPS mm.
    private readonly double _tx, _ty, _tz;
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    public SurfaceNetsGrid(Volume<byte> labels, byte value, int step, Int3 start, Int3 size)
    {
        _data = labels.Data;
        _nx = labels.Dimensions.X;
        _ny = labels.Dimensions.Y;
        _value = value;
        _step = step;
        _start = start;
        Width = size.X;
        Height = size.Y;
        Depth = size.Z;
        ImageGeometry g = labels.Geometry;
        Matrix3 d = g.Direction;
        double sx = g.SpacingMm.X * step, sy = g.SpacingMm.Y * step, sz = g.SpacingMm.Z * step;
        _m00 = d.M00 * sx; _m01 = d.M01 * sy; _m02 = d.M02 * sz;
        _m10 = d.M10 * sx; _m11 = d.M11 * sy; _m12 = d.M12 * sz;
        _m20 = d.M20 * sx; _m21 = d.M21 * sy; _m22 = d.M22 * sz;
        // Cell coordinate 0 is local sample -1, i.e. sample start - 1.
        double ox = start.X - 1, oy = start.Y - 1, oz = start.Z - 1;
        _tx = g.OriginMm.X + _m00 * ox + _m01 * oy + _m02 * oz;
        _ty = g.OriginMm.Y + _m10 * ox + _m11 * oy + _m12 * oz;
        _tz = g.OriginMm.Z + _m20 * ox + _m21 * oy + _m22 * oz;
        // A mirrored grid (det < 0) turns index-space counter-clockwise into patient clockwise.
        _flip = d.Determinant < 0;
    }

    public int Width { get; }
    public int Height { get; }
    public int Depth { get; }

    /// <summary>Walks cell layers c0..c1-1; when c0 &gt; 0 it first rebuilds the vertex map of layer c0-1.</summary>
    public SurfaceNetsChunk Run(int c0, int c1)
    {
        int pw = Width + 2, ph = Height + 2, mw = Width + 1;
        var lo = new byte[pw * ph];
        var hi = new byte[pw * ph];
        var mapPrev = new int[mw * (Height + 1)];
        var mapCur = new int[mw * (Height + 1)];
        var rowBits = new byte[pw];
        var chunk = new SurfaceNetsChunk
        {
            Positions = new GrowBuffer<float>(Width * Height * 3),
            Indices = new GrowBuffer<int>(Width * Height * 6),
        };
        int first = c0 > 0 ? c0 - 1 : c0;
        FillSlice(first - 1, hi);
        for (int c = first; c < c1; c++)
        {
            (lo, hi) = (hi, lo);
            FillSlice(c, hi);
            (mapPrev, mapCur) = (mapCur, mapPrev);
            bool prefix = c < c0;
            int made = WalkLayer(c, lo, hi, mapPrev, mapCur, rowBits, chunk, prefix);
            if (c == c1 - 1) chunk.LastLayerVertexCount = made;
        }
        return chunk;
    }

    /// <summary>Fills a padded binary slice (1 = inside) for local sample slice k; out-of-range k is all background.</summary>
    private void FillSlice(int k, byte[] padded)
    {
        Array.Clear(padded);
        if ((uint)k >= (uint)Depth) return;
        int pw = Width + 2;
        int z = (_start.Z + k) * _step;
        for (int j = 0; j < Height; j++)
        {
            int y = (_start.Y + j) * _step;
            Span<byte> dst = padded.AsSpan((j + 1) * pw + 1, Width);
            long rowStart = ((long)z * _ny + y) * _nx;
            if (_step == 1)
            {
                MaskEquals(_data.AsSpan((int)(rowStart + _start.X), Width), _value, dst);
            }
            else
            {
                for (int i = 0; i < Width; i++)
                {
                    dst[i] = _data[rowStart + (long)(_start.X + i) * _step] == _value ? (byte)1 : (byte)0;
                }
            }
        }
    }

    /// <summary>dst[i] = src[i] == value ? 1 : 0, 32 bytes at a time with a scalar tail.</summary>
    private static void MaskEquals(ReadOnlySpan<byte> src, byte value, Span<byte> dst)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> target = Vector256.Create(value), one = Vector256<byte>.One;
            for (; i <= src.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<byte> v = Vector256.Create(src.Slice(i, Vector256<byte>.Count));
                (Vector256.Equals(v, target) & one).CopyTo(dst.Slice(i));
            }
        }
        for (; i < src.Length; i++) dst[i] = src[i] == value ? (byte)1 : (byte)0;
    }

    /// <summary>
    /// Creates the vertices of cell layer c (between slices lo and hi) and, unless prefix, the quads of the
    /// three voxel edges leaving each cell's minimum corner. Prefix layers store -(1 + n) so the slab join can
    /// point them at the previous slab's vertices. Returns the number of vertices in this layer.
    /// </summary>
    private int WalkLayer(int c, byte[] lo, byte[] hi, int[] mapPrev, int[] mapCur, byte[] rowBits, SurfaceNetsChunk chunk, bool prefix)
    {
        int pw = Width + 2, mw = Width + 1;
        int made = 0;
        int layerIndex = 0;
        for (int b = 0; b <= Height; b++)
        {
            ReadOnlySpan<byte> r0 = lo.AsSpan(b * pw, pw), r1 = lo.AsSpan((b + 1) * pw, pw);
            ReadOnlySpan<byte> r2 = hi.AsSpan(b * pw, pw), r3 = hi.AsSpan((b + 1) * pw, pw);
            CombineRows(r0, r1, r2, r3, rowBits);
            int rowBase = b * mw;
            for (int a = 0; a <= Width; a++)
            {
                int t0 = rowBits[a], t1 = rowBits[a + 1];
                if (t0 == t1 && (t0 == 0 || t0 == 15)) continue;
                int mask = t0 | (t1 << 4);
                int vertex;
                if (prefix)
                {
                    vertex = -1 - layerIndex;
                }
                else
                {
                    vertex = chunk.Positions.Count / 3;
                    AddVertex(a, b, c, mask, chunk);
                }
                layerIndex++;
                made++;
                mapCur[rowBase + a] = vertex;
                if (prefix) continue;
                bool inside = (mask & 1) != 0;
                bool keep = inside != _flip;
                if (inside != ((mask & 16) != 0))
                {
                    EmitQuad(mapPrev[rowBase - mw + a], mapPrev[rowBase + a], vertex, mapCur[rowBase - mw + a], keep, chunk);
                }
                if (inside != ((mask & 2) != 0))
                {
                    EmitQuad(mapPrev[rowBase + a - 1], mapCur[rowBase + a - 1], vertex, mapPrev[rowBase + a], keep, chunk);
                }
                if (inside != ((mask & 4) != 0))
                {
                    EmitQuad(mapCur[rowBase - mw + a - 1], mapCur[rowBase - mw + a], vertex, mapCur[rowBase + a - 1], keep, chunk);
                }
            }
        }
        return made;
    }

    /// <summary>rowBits[x] = r0 | r1 &lt;&lt; 1 | r2 &lt;&lt; 2 | r3 &lt;&lt; 3 for binary rows.</summary>
    private static void CombineRows(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, ReadOnlySpan<byte> r2, ReadOnlySpan<byte> r3, Span<byte> bits)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            int n = Vector256<byte>.Count;
            for (; x <= bits.Length - n; x += n)
            {
                Vector256<byte> v0 = Vector256.Create(r0.Slice(x, n)), v1 = Vector256.Create(r1.Slice(x, n));
                Vector256<byte> v2 = Vector256.Create(r2.Slice(x, n)), v3 = Vector256.Create(r3.Slice(x, n));
                (v0 | (v1 + v1) | Vector256.ShiftLeft(v2, 2) | Vector256.ShiftLeft(v3, 3)).CopyTo(bits.Slice(x));
            }
        }
        for (; x < bits.Length; x++) bits[x] = (byte)(r0[x] | (r1[x] << 1) | (r2[x] << 2) | (r3[x] << 3));
    }

    private void AddVertex(int a, int b, int c, int mask, SurfaceNetsChunk chunk)
    {
        double x = a + CornerMeanOffsets[mask * 3], y = b + CornerMeanOffsets[mask * 3 + 1], z = c + CornerMeanOffsets[mask * 3 + 2];
        Span<float> p = chunk.Positions.Append(3);
        p[0] = (float)(_tx + _m00 * x + _m01 * y + _m02 * z);
        p[1] = (float)(_ty + _m10 * x + _m11 * y + _m12 * z);
        p[2] = (float)(_tz + _m20 * x + _m21 * y + _m22 * z);
    }

    /// <summary>Two triangles v0 v1 v2 and v0 v2 v3 (or the reverse winding when keep is false).</summary>
    private static void EmitQuad(int v0, int v1, int v2, int v3, bool keep, SurfaceNetsChunk chunk)
    {
        Span<int> t = chunk.Indices.Append(6);
        if (keep)
        {
            t[0] = v0; t[1] = v1; t[2] = v2; t[3] = v0; t[4] = v2; t[5] = v3;
        }
        else
        {
            t[0] = v0; t[1] = v3; t[2] = v2; t[3] = v0; t[4] = v2; t[5] = v1;
        }
    }

    /// <summary>For each 8-corner mask, the mean of the crossing edge midpoints relative to the minimum corner.</summary>
    private static float[] BuildOffsets()
    {
        var table = new float[256 * 3];
        for (int mask = 0; mask < 256; mask++)
        {
            double sx = 0, sy = 0, sz = 0;
            int crossings = 0;
            for (int n = 0; n < 8; n++)
            {
                for (int axisBit = 1; axisBit <= 4; axisBit <<= 1)
                {
                    if ((n & axisBit) != 0) continue;
                    int m = n | axisBit;
                    if ((((mask >> n) ^ (mask >> m)) & 1) == 0) continue;
                    // Corner n at (n >> 2, n & 1, (n >> 1) & 1); the midpoint averages the two corners.
                    sx += ((n >> 2) + (m >> 2)) * 0.5;
                    sy += ((n & 1) + (m & 1)) * 0.5;
                    sz += (((n >> 1) & 1) + ((m >> 1) & 1)) * 0.5;
                    crossings++;
                }
            }
            if (crossings == 0) continue;
            table[mask * 3] = (float)(sx / crossings);
            table[mask * 3 + 1] = (float)(sy / crossings);
            table[mask * 3 + 2] = (float)(sz / crossings);
        }
        return table;
    }
}
