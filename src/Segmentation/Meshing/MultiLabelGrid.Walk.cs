namespace SurgicalNav.Segmentation.Meshing;

internal sealed partial class MultiLabelGrid
{
    /// <summary>
    /// Creates the shared and per-label vertices of one cell layer (between slices lo and hi) and, unless
    /// prefix, the quads of the three voxel edges leaving each cell's minimum corner. Prefix layers store
    /// -(1 + n) so the slab join can point them at the previous slab. Returns the per-label vertices made.
    /// </summary>
    private int WalkLayer(int c, byte[] lo, byte[] hi, int[] slotPrev, int[] slotCur, ref GrowBuffer<int> recPrev, ref GrowBuffer<int> recCur, MultiLabelChunk chunk, bool prefix)
    {
        int pw = _nx + 2, mw = _nx + 1;
        int made = 0;
        Span<byte> v = stackalloc byte[8];
        for (int b = 0; b <= _ny; b++)
        {
            ReadOnlySpan<byte> r0 = lo.AsSpan(b * pw, pw), r1 = lo.AsSpan((b + 1) * pw, pw);
            ReadOnlySpan<byte> r2 = hi.AsSpan(b * pw, pw), r3 = hi.AsSpan((b + 1) * pw, pw);
            int rowBase = b * mw;
            for (int a = 0; a <= _nx; a++)
            {
                byte v0 = r0[a];
                if (v0 == r0[a + 1] && v0 == r1[a] && v0 == r1[a + 1] && v0 == r2[a] && v0 == r2[a + 1] && v0 == r3[a] && v0 == r3[a + 1])
                {
                    continue;
                }
                v[0] = v0; v[1] = r0[a + 1]; v[2] = r1[a]; v[3] = r1[a + 1];
                v[4] = r2[a]; v[5] = r2[a + 1]; v[6] = r3[a]; v[7] = r3[a + 1];
                int labelsSeen = 0;
                bool any = false;
                for (int n = 0; n < 8; n++)
                {
                    if (_wanted[v[n]]) { any = true; break; }
                }
                if (!any) continue;
                int crossing = 0;
                for (int e = 0; e < 12; e++)
                {
                    if (v[CellTables.EdgeLower[e]] != v[CellTables.EdgeUpper[e]]) crossing |= 1 << e;
                }
                int cell = prefix ? -1 : AddCellVertex(a, b, c, crossing, chunk);
                int record = recCur.Count;
                Span<int> slots = recCur.Append(SlotsPerCell);
                slots.Fill(int.MinValue);
                slotCur[rowBase + a] = record;
                for (int n = 0; n < 8; n++)
                {
                    byte label = v[n];
                    if (!_wanted[label] || (labelsSeen & (1 << n)) != 0) continue;
                    int mask = 0;
                    for (int m = n; m < 8; m++)
                    {
                        if (v[m] == label) mask |= 1 << m;
                    }
                    labelsSeen |= mask;
                    int first = prefix ? -1 - made : chunk.VertexCell.Count;
                    int patches = CellTables.PatchCount[mask];
                    if (!prefix)
                    {
                        for (int p = 0; p < patches; p++)
                        {
                            if (CellTables.CrossesFaceTwice[mask]) chunk.FaceRingVertices.Add(chunk.VertexCell.Count);
                            chunk.VertexCell.Add(cell);
                            chunk.VertexLabel.Add(label);
                        }
                    }
                    made += patches;
                    int tableRow = mask * 12;
                    for (int e = 0; e < 12; e++)
                    {
                        int patch = CellTables.PatchOfEdge[tableRow + e];
                        if (patch < 0) continue;
                        int side = (mask >> CellTables.EdgeLower[e] & 1) != 0 ? 0 : 1;
                        slots[e * 2 + side] = prefix ? first - patch : first + patch;
                    }
                }
                if (prefix) continue;
                ReadOnlySpan<int> cur = recCur.Span, prev = recPrev.Span;
                if (v0 != v[1])
                {
                    EmitQuad(v0, v[1],
                        prev, slotPrev[rowBase - mw + a], 3, prev, slotPrev[rowBase + a], 2,
                        cur, record, 0, cur, slotCur[rowBase - mw + a], 1, chunk);
                }
                if (v0 != v[2])
                {
                    EmitQuad(v0, v[2],
                        prev, slotPrev[rowBase + a - 1], 7, cur, slotCur[rowBase + a - 1], 5,
                        cur, record, 4, prev, slotPrev[rowBase + a], 6, chunk);
                }
                if (v0 != v[4])
                {
                    EmitQuad(v0, v[4],
                        cur, slotCur[rowBase - mw + a - 1], 11, cur, slotCur[rowBase - mw + a], 10,
                        cur, record, 8, cur, slotCur[rowBase + a - 1], 9, chunk);
                }
            }
        }
        return made;
    }

    private int AddCellVertex(int a, int b, int c, int crossing, MultiLabelChunk chunk)
    {
        int index = chunk.Positions.Count / 3;
        double x = a + CellTables.MeanOffset[crossing * 3];
        double y = b + CellTables.MeanOffset[crossing * 3 + 1];
        double z = c + CellTables.MeanOffset[crossing * 3 + 2];
        Span<float> p = chunk.Positions.Append(3);
        p[0] = (float)(_tx + _m00 * x + _m01 * y + _m02 * z);
        p[1] = (float)(_ty + _m10 * x + _m11 * y + _m12 * z);
        p[2] = (float)(_tz + _m20 * x + _m21 * y + _m22 * z);
        return index;
    }

    /// <summary>
    /// The quad around one label-change voxel edge, through four cells in counter-clockwise order seen from the
    /// edge's upper end: outward for the lower label, reversed for the upper one (and mirrored grids flip both).
    /// </summary>
    private void EmitQuad(byte lower, byte upper,
        ReadOnlySpan<int> s0, int r0, int e0, ReadOnlySpan<int> s1, int r1, int e1,
        ReadOnlySpan<int> s2, int r2, int e2, ReadOnlySpan<int> s3, int r3, int e3, MultiLabelChunk chunk)
    {
        for (int side = 0; side < 2; side++)
        {
            byte label = side == 0 ? lower : upper;
            if (!_wanted[label]) continue;
            int q0 = s0[r0 + e0 * 2 + side], q1 = s1[r1 + e1 * 2 + side], q2 = s2[r2 + e2 * 2 + side], q3 = s3[r3 + e3 * 2 + side];
            bool keep = (side == 0) != _flip;
            Span<int> t = chunk.Indices.Append(6);
            if (keep)
            {
                t[0] = q0; t[1] = q1; t[2] = q2; t[3] = q0; t[4] = q2; t[5] = q3;
            }
            else
            {
                t[0] = q0; t[1] = q3; t[2] = q2; t[3] = q0; t[4] = q2; t[5] = q1;
            }
            chunk.TriangleLabel.Add(label);
            chunk.TriangleLabel.Add(label);
        }
    }
}
