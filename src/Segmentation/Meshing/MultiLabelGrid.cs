using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// The per-slab walk of multi-label surface nets. Cell (a, b, c) has corners at voxels a-1..a, b-1..b,
/// c-1..c; outside the image is background 0. Every mixed cell gets one shared vertex at the mean of its
/// label-change edge midpoints; each wanted label gets one vertex per patch of the cell (see
/// <see cref="CellTables"/>), all placed on the shared vertex, so touching labels share their interface
/// exactly while each label's own surface stays a 2-manifold.
/// </summary>
internal sealed partial class MultiLabelGrid
{
    private const int SlotsPerCell = 24;
    private readonly byte[] _data;
    private readonly int _nx, _ny, _nz;
    private readonly bool[] _wanted;
    private readonly bool _flip;
    private readonly double _tx, _ty, _tz;
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    public MultiLabelGrid(Volume<byte> labels, bool[] wanted)
    {
        _data = labels.Data;
        _nx = labels.Dimensions.X;
        _ny = labels.Dimensions.Y;
        _nz = labels.Dimensions.Z;
        _wanted = wanted;
        ImageGeometry g = labels.Geometry;
        Matrix3 d = g.Direction;
        double sx = g.SpacingMm.X, sy = g.SpacingMm.Y, sz = g.SpacingMm.Z;
        _m00 = d.M00 * sx; _m01 = d.M01 * sy; _m02 = d.M02 * sz;
        _m10 = d.M10 * sx; _m11 = d.M11 * sy; _m12 = d.M12 * sz;
        _m20 = d.M20 * sx; _m21 = d.M21 * sy; _m22 = d.M22 * sz;
        // Cell coordinate 0 is voxel -1.
        _tx = g.OriginMm.X - _m00 - _m01 - _m02;
        _ty = g.OriginMm.Y - _m10 - _m11 - _m12;
        _tz = g.OriginMm.Z - _m20 - _m21 - _m22;
        _flip = d.Determinant < 0;
    }

    /// <summary>Number of cell layers along z (voxel slices + 1).</summary>
    public int Layers => _nz + 1;

    /// <summary>Walks cell layers c0..c1-1; when c0 &gt; 0 it first rebuilds the vertex slots of layer c0-1.</summary>
    public MultiLabelChunk Run(int c0, int c1)
    {
        int pw = _nx + 2, ph = _ny + 2, cells = (_nx + 1) * (_ny + 1);
        var lo = new byte[pw * ph];
        var hi = new byte[pw * ph];
        var slotPrev = new int[cells];
        var slotCur = new int[cells];
        var recPrev = new GrowBuffer<int>(4096);
        var recCur = new GrowBuffer<int>(4096);
        var chunk = new MultiLabelChunk
        {
            Positions = new GrowBuffer<float>(_nx * 64),
            VertexCell = new GrowBuffer<int>(_nx * 32),
            VertexLabel = new GrowBuffer<byte>(_nx * 32),
            Indices = new GrowBuffer<int>(_nx * 192),
            TriangleLabel = new GrowBuffer<byte>(_nx * 64),
            FaceRingVertices = new GrowBuffer<int>(64),
        };
        int first = c0 > 0 ? c0 - 1 : c0;
        FillSlice(first - 1, hi);
        for (int c = first; c < c1; c++)
        {
            (lo, hi) = (hi, lo);
            FillSlice(c, hi);
            (slotPrev, slotCur) = (slotCur, slotPrev);
            (recPrev, recCur) = (recCur, recPrev);
            recCur.Clear();
            int made = WalkLayer(c, lo, hi, slotPrev, slotCur, ref recPrev, ref recCur, chunk, prefix: c < c0);
            if (c == c1 - 1) chunk.LastLayerVertexCount = made;
        }
        return chunk;
    }

    /// <summary>Copies voxel slice k into a zero-padded slice; out-of-range k stays all background.</summary>
    private void FillSlice(int k, byte[] padded)
    {
        Array.Clear(padded);
        if ((uint)k >= (uint)_nz) return;
        int pw = _nx + 2;
        for (int j = 0; j < _ny; j++)
        {
            _data.AsSpan(((k * _ny) + j) * _nx, _nx).CopyTo(padded.AsSpan((j + 1) * pw + 1, _nx));
        }
    }
}
