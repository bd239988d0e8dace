namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Mends the one place where one vertex per patch is not enough: a label on a face diagonal whose two corners
/// join up inside both cells beside the face (a ring round the face, with the complement passing through it
/// diagonally). Its two patch vertices then share an edge of four triangles. Each such edge gets a new shared
/// vertex at its midpoint; every label's triangles on that edge are split there, and the label's sheets are
/// paired by angle round the edge so each pair gets its own per-label vertex. The surfaces keep their exact
/// shape (the new vertex lies on the old edge), stay shared between labels and become 2-manifolds.
/// </summary>
internal static class FaceRingSplitter
{
    /// <summary>Returns surfaces without edges of more than two triangles; candidates are the per-label vertices that may have one.</summary>
    public static LabelSurfaces Split(LabelSurfaces surfaces, int[] candidates)
    {
        if (candidates.Length == 0) return surfaces;
        int[] idx = surfaces.Indices;
        int[] shared = surfaces.VertexShared;
        byte[] triangleLabel = surfaces.TriangleLabel;
        var candidate = new bool[shared.Length];
        foreach (int v in candidates) candidate[v] = true;
        // (candidate vertex, triangle) pairs, for edges whose two ends are candidates.
        var incident = new List<(int V, int T)>();
        for (int t = 0; t < triangleLabel.Length; t++)
        {
            int a = idx[3 * t], b = idx[3 * t + 1], c = idx[3 * t + 2];
            if (candidate[a]) incident.Add((a, t));
            if (candidate[b]) incident.Add((b, t));
            if (candidate[c]) incident.Add((c, t));
        }
        if (incident.Count == 0) return surfaces;
        incident.Sort();
        var badEdges = new List<(int P, int X, int T)>();
        var around = new List<(int X, int T)>();
        for (int n = 0; n < incident.Count;)
        {
            int p = incident[n].V, end = n;
            around.Clear();
            while (end < incident.Count && incident[end].V == p)
            {
                int t = incident[end++].T;
                for (int k = 0; k < 3; k++)
                {
                    int x = idx[3 * t + k];
                    if (x > p && candidate[x]) around.Add((x, t));
                }
            }
            n = end;
            around.Sort();
            for (int i = 0; i < around.Count;)
            {
                int j = i;
                while (j < around.Count && around[j].X == around[i].X) j++;
                if (j - i > 2)
                {
                    for (int m = i; m < j; m++) badEdges.Add((p, around[m].X, around[m].T));
                }
                i = j;
            }
        }
        if (badEdges.Count == 0) return surfaces;
        return Rebuild(surfaces, badEdges);
    }

    /// <summary>Splits every triangle on the shared edges under the bad per-label edges (all labels) at new midpoint vertices.</summary>
    private static LabelSurfaces Rebuild(LabelSurfaces surfaces, List<(int P, int X, int T)> badEdges)
    {
        int[] idx = surfaces.Indices;
        int[] shared = surfaces.VertexShared;
        byte[] triangleLabel = surfaces.TriangleLabel;
        float[] pos = surfaces.PositionsMm;
        var newPositions = new List<float>();
        var newVertexShared = new List<int>();
        var newVertexLabel = new List<byte>();
        // Per triangle, the vertex inserted after corner k (on edge k -> k+1), or -1.
        var inserts = new Dictionary<int, int[]>();
        var sharedEdgesDone = new HashSet<(int, int)>();
        var onEdge = new List<int>();
        for (int g = 0; g < badEdges.Count;)
        {
            (int p, int x, _) = badEdges[g];
            int gEnd = g;
            while (gEnd < badEdges.Count && badEdges[gEnd].P == p && badEdges[gEnd].X == x) gEnd++;
            int sp = shared[p], sx = shared[x];
            (int, int) key = sp < sx ? (sp, sx) : (sx, sp);
            int gStart = g;
            g = gEnd;
            if (!sharedEdgesDone.Add(key)) continue;
            // Every triangle on this shared edge comes from the quads round one cell face; each label's side of a
            // quad was written next to the other side, so look a few triangles either way of the bad label's ones.
            onEdge.Clear();
            for (int b = gStart; b < gEnd; b++)
            {
                int t = badEdges[b].T;
                for (int u = Math.Max(0, t - 3); u <= Math.Min(triangleLabel.Length - 1, t + 3); u++)
                {
                    if (!onEdge.Contains(u) && EdgeSlot(idx, shared, u, sp, sx) >= 0) onEdge.Add(u);
                }
            }
            int newShared = pos.Length / 3 + newPositions.Count / 3;
            for (int a = 0; a < 3; a++) newPositions.Add(0.5f * (pos[3 * sp + a] + pos[3 * sx + a]));
            // Group by the label's own edge (a label can have several patches on one shared vertex).
            onEdge.Sort((m, n) => LabelEdge(idx, shared, m, sp, sx).CompareTo(LabelEdge(idx, shared, n, sp, sx)));
            for (int i = 0; i < onEdge.Count;)
            {
                long edge = LabelEdge(idx, shared, onEdge[i], sp, sx);
                int j = i;
                while (j < onEdge.Count && LabelEdge(idx, shared, onEdge[j], sp, sx) == edge) j++;
                foreach ((int plus, int minus) in SheetPairs(surfaces, onEdge.GetRange(i, j - i), (int)(edge >> 32), (int)(edge & 0xFFFFFFFFL)))
                {
                    int vertex = shared.Length + newVertexShared.Count;
                    newVertexShared.Add(newShared);
                    newVertexLabel.Add(triangleLabel[onEdge[i]]);
                    foreach (int t in (ReadOnlySpan<int>)[plus, minus])
                    {
                        if (!inserts.TryGetValue(t, out int[]? slots)) inserts[t] = slots = [-1, -1, -1];
                        slots[EdgeSlot(idx, shared, t, sp, sx)] = vertex;
                    }
                }
                i = j;
            }
        }
        return Assemble(surfaces, inserts, newPositions, newVertexShared, newVertexLabel);
    }

    /// <summary>The corner k of triangle t whose edge k -> k+1 joins shared vertices a and b, or -1.</summary>
    private static int EdgeSlot(int[] idx, int[] shared, int t, int a, int b)
    {
        for (int k = 0; k < 3; k++)
        {
            int u = shared[idx[3 * t + k]], w = shared[idx[3 * t + (k + 1) % 3]];
            if ((u == a && w == b) || (u == b && w == a)) return k;
        }
        return -1;
    }

    /// <summary>The per-label edge of triangle t over shared edge (a, b), as (lower id &lt;&lt; 32) | higher id.</summary>
    private static long LabelEdge(int[] idx, int[] shared, int t, int a, int b)
    {
        int k = EdgeSlot(idx, shared, t, a, b);
        long u = idx[3 * t + k], w = idx[3 * t + (k + 1) % 3];
        return u < w ? (u << 32) | w : (w << 32) | u;
    }

    /// <summary>
    /// Pairs the triangles of one label on one edge p-x into sheets: sorted by angle round the edge, a triangle
    /// that runs p -> x faces towards increasing angle, so the label's inside lies just before it and its sheet
    /// partner is the preceding triangle, which runs x -> p.
    /// </summary>
    private static List<(int, int)> SheetPairs(LabelSurfaces surfaces, List<int> triangles, int p, int x)
    {
        int[] idx = surfaces.Indices;
        int[] shared = surfaces.VertexShared;
        float[] pos = surfaces.PositionsMm;
        var entries = new List<(double Angle, int T, bool Forward)>();
        // Axis p -> x and a basis across it.
        int sp = shared[p], sx = shared[x];
        double dx = pos[3 * sx] - pos[3 * sp], dy = pos[3 * sx + 1] - pos[3 * sp + 1], dz = pos[3 * sx + 2] - pos[3 * sp + 2];
        double dl = Math.Sqrt(dx * dx + dy * dy + dz * dz);
        dx /= dl; dy /= dl; dz /= dl;
        (double ax, double ay, double az) = Math.Abs(dx) < 0.6 ? (1.0, 0.0, 0.0) : (0.0, 1.0, 0.0);
        double e1x = ay * dz - az * dy, e1y = az * dx - ax * dz, e1z = ax * dy - ay * dx;
        double e1l = Math.Sqrt(e1x * e1x + e1y * e1y + e1z * e1z);
        e1x /= e1l; e1y /= e1l; e1z /= e1l;
        double e2x = dy * e1z - dz * e1y, e2y = dz * e1x - dx * e1z, e2z = dx * e1y - dy * e1x;
        foreach (int t in triangles)
        {
            int k = 0;
            while (!((idx[3 * t + k] == p && idx[3 * t + (k + 1) % 3] == x) || (idx[3 * t + k] == x && idx[3 * t + (k + 1) % 3] == p))) k++;
            bool forward = idx[3 * t + k] == p;
            int o = shared[idx[3 * t + (k + 2) % 3]];
            double ox = pos[3 * o] - pos[3 * sp], oy = pos[3 * o + 1] - pos[3 * sp + 1], oz = pos[3 * o + 2] - pos[3 * sp + 2];
            entries.Add((Math.Atan2(ox * e2x + oy * e2y + oz * e2z, ox * e1x + oy * e1y + oz * e1z), t, forward));
        }
        entries.Sort((a, b) => a.Angle.CompareTo(b.Angle));
        var pairs = new List<(int, int)>();
        int n = entries.Count;
        bool alternates = n % 2 == 0;
        for (int i = 0; i < n && alternates; i++) alternates = entries[i].Forward != entries[(i + 1) % n].Forward;
        if (alternates)
        {
            for (int i = 0; i < n; i++)
            {
                if (entries[i].Forward) pairs.Add((entries[i].T, entries[(i + n - 1) % n].T));
            }
            return pairs;
        }
        // Not a clean fan (should not happen): any forward with any backward still closes the surface.
        var forwards = entries.Where(e => e.Forward).Select(e => e.T).ToList();
        var backwards = entries.Where(e => !e.Forward).Select(e => e.T).ToList();
        for (int i = 0; i < Math.Min(forwards.Count, backwards.Count); i++) pairs.Add((forwards[i], backwards[i]));
        return pairs;
    }

    /// <summary>New arrays: old vertices plus the inserted ones; split triangles fanned from their first inserted vertex.</summary>
    private static LabelSurfaces Assemble(LabelSurfaces surfaces, Dictionary<int, int[]> inserts, List<float> newPositions, List<int> newVertexShared, List<byte> newVertexLabel)
    {
        int[] idx = surfaces.Indices;
        byte[] triangleLabel = surfaces.TriangleLabel;
        float[] positions = [.. surfaces.PositionsMm, .. newPositions];
        int[] vertexShared = [.. surfaces.VertexShared, .. newVertexShared];
        byte[] vertexLabel = [.. surfaces.VertexLabel, .. newVertexLabel];
        // A triangle with c inserted vertices becomes 1 + c triangles; size the arrays once (they are the largest here).
        int triangles = triangleLabel.Length;
        foreach (int[] slots in inserts.Values) triangles += slots.Count(v => v >= 0);
        var indices = new int[3 * triangles];
        var labels = new byte[triangles];
        int w = 0;
        Span<int> polygon = stackalloc int[6];
        for (int t = 0; t < triangleLabel.Length; t++)
        {
            if (!inserts.TryGetValue(t, out int[]? slots))
            {
                indices[3 * w] = idx[3 * t]; indices[3 * w + 1] = idx[3 * t + 1]; indices[3 * w + 2] = idx[3 * t + 2];
                labels[w++] = triangleLabel[t];
                continue;
            }
            int count = 0, first = -1;
            for (int k = 0; k < 3; k++)
            {
                polygon[count++] = idx[3 * t + k];
                if (slots[k] < 0) continue;
                if (first < 0) first = count;
                polygon[count++] = slots[k];
            }
            for (int m = 1; m < count - 1; m++)
            {
                indices[3 * w] = polygon[first];
                indices[3 * w + 1] = polygon[(first + m) % count];
                indices[3 * w + 2] = polygon[(first + m + 1) % count];
                labels[w++] = triangleLabel[t];
            }
        }
        return new LabelSurfaces(positions, vertexShared, vertexLabel, indices, labels);
    }
}
