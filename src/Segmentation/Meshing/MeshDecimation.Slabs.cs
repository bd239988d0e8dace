namespace SurgicalNav.Segmentation.Meshing;

public static partial class MeshDecimation
{
    // Below this a mesh decimates faster on one thread than it splits and joins.
    private const int SlabThreshold = 200_000;

    /// <summary>
    /// Large meshes without locked vertices: cut into slabs of equal vertex count along the longest axis, decimate the slabs in parallel
    /// with the seam (triangles across slabs, their vertices and those vertices' neighbours) locked, then join
    /// them and finish the whole mesh to the target on one thread. The locked ring keeps a slab's link condition
    /// exact: a free vertex never touches a seam triangle. Deterministic for a given slab count.
    /// </summary>
    private static Mesh DecimateInSlabs(Mesh mesh, int targetTriangles, double maxErrorMm, int slabs)
    {
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        int vertexCount = mesh.VertexCount, triangleCount = mesh.TriangleCount;
        int axis = LongestAxis(p);
        var sorted = new float[vertexCount];
        for (int v = 0; v < vertexCount; v++) sorted[v] = p[3 * v + axis];
        Array.Sort(sorted);
        var slabOf = new int[vertexCount];
        for (int v = 0; v < vertexCount; v++)
        {
            float x = p[3 * v + axis];
            int k = 0;
            while (k < slabs - 1 && x >= sorted[(int)((long)vertexCount * (k + 1) / slabs)]) k++;
            slabOf[v] = k;
        }
        var seam = new bool[vertexCount];
        var triangleSlab = new int[triangleCount];
        for (int t = 0; t < triangleCount; t++)
        {
            int a = idx[3 * t], b = idx[3 * t + 1], c = idx[3 * t + 2];
            if (slabOf[a] == slabOf[b] && slabOf[a] == slabOf[c]) { triangleSlab[t] = slabOf[a]; continue; }
            triangleSlab[t] = -1;
            seam[a] = seam[b] = seam[c] = true;
        }
        var hold = (bool[])seam.Clone();
        for (int t = 0; t < triangleCount; t++)
        {
            int a = idx[3 * t], b = idx[3 * t + 1], c = idx[3 * t + 2];
            if (seam[a] || seam[b] || seam[c]) hold[a] = hold[b] = hold[c] = true;
        }
        // The original planes, once: every pass measures its error against them, so the slabs' spent error carries
        // into the finishing pass and the requested maximum holds for the whole run.
        double[] original = QuadricDecimator.PlaneQuadrics(p, idx, vertexCount);
        var parts = new (Mesh Mesh, int[] Origin, double[] Quadrics)[slabs];
        Parallel.For(0, slabs, k => parts[k] = DecimateSlab(mesh, triangleSlab, k, hold, targetTriangles, original));
        // Join: held vertices keep one id across slabs; the rest are new.
        var joinedId = new int[vertexCount];
        Array.Fill(joinedId, -1);
        var positions = new List<float>();
        var quadrics = new List<double>();
        int joinedCount = 0;
        var indices = new List<int>();
        int Id(int original, float x, float y, float z, ReadOnlySpan<double> q)
        {
            if (hold[original] && joinedId[original] >= 0)
            {
                // A held vertex starts every slab with its original quadric; add what each slab merged into it.
                int j = joinedId[original];
                for (int k = 0; k < 10; k++) quadrics[10 * j + k] += q[k] - OriginalOf(original)[k];
                return j;
            }
            int id = joinedCount++;
            positions.Add(x); positions.Add(y); positions.Add(z);
            foreach (double value in q) quadrics.Add(value);
            if (hold[original]) joinedId[original] = id;
            return id;
        }
        ReadOnlySpan<double> OriginalOf(int v) => original.AsSpan(10 * v, 10);
        foreach ((Mesh part, int[] origin, double[] q) in parts)
        {
            var local = new int[part.VertexCount];
            for (int v = 0; v < local.Length; v++)
            {
                local[v] = Id(origin[v], part.PositionsMm[3 * v], part.PositionsMm[3 * v + 1], part.PositionsMm[3 * v + 2], q.AsSpan(10 * v, 10));
            }
            foreach (int i in part.Indices) indices.Add(local[i]);
        }
        for (int t = 0; t < triangleCount; t++)
        {
            if (triangleSlab[t] >= 0) continue;
            for (int k = 0; k < 3; k++)
            {
                int o = idx[3 * t + k];
                indices.Add(Id(o, p[3 * o], p[3 * o + 1], p[3 * o + 2], OriginalOf(o)));
            }
        }
        var joined = new Mesh(mesh.Name, mesh.Color, [.. positions], [.. indices]);
        if (joined.TriangleCount <= targetTriangles && !double.IsFinite(maxErrorMm)) return joined;
        var finish = new QuadricDecimator(joined, null, [.. quadrics]);
        finish.Run(targetTriangles, maxErrorMm * maxErrorMm);
        return finish.ToMesh(mesh.Name, mesh.Color);

        (Mesh, int[], double[]) DecimateSlab(Mesh whole, int[] slabOfTriangle, int k, bool[] held, int target, double[] originalQuadrics)
        {
            var map = new int[vertexCount];
            Array.Fill(map, -1);
            var subPositions = new List<float>();
            var subIndices = new List<int>();
            var subOrigin = new List<int>();
            for (int t = 0; t < triangleCount; t++)
            {
                if (slabOfTriangle[t] != k) continue;
                for (int c = 0; c < 3; c++)
                {
                    int o = idx[3 * t + c];
                    if (map[o] < 0)
                    {
                        map[o] = subOrigin.Count;
                        subOrigin.Add(o);
                        subPositions.Add(p[3 * o]); subPositions.Add(p[3 * o + 1]); subPositions.Add(p[3 * o + 2]);
                    }
                    subIndices.Add(map[o]);
                }
            }
            var sub = new Mesh(whole.Name, whole.Color, [.. subPositions], [.. subIndices]);
            var subLocked = new bool[subOrigin.Count];
            for (int v = 0; v < subLocked.Length; v++) subLocked[v] = held[subOrigin[v]];
            int subTarget = (int)((long)sub.TriangleCount * target / triangleCount);
            var subQuadrics = new double[subOrigin.Count * 10];
            for (int v = 0; v < subOrigin.Count; v++) Array.Copy(originalQuadrics, 10 * subOrigin[v], subQuadrics, 10 * v, 10);
            var decimator = new QuadricDecimator(sub, subLocked, subQuadrics);
            decimator.Run(subTarget, maxErrorMm * maxErrorMm);
            Mesh result = decimator.ToMesh(whole.Name, whole.Color, out int[] resultOrigin, out _);
            var resultQuadrics = new double[resultOrigin.Length * 10];
            for (int v = 0; v < resultOrigin.Length; v++)
            {
                Array.Copy(decimator.Quadrics, 10 * resultOrigin[v], resultQuadrics, 10 * v, 10);
                resultOrigin[v] = subOrigin[resultOrigin[v]];
            }
            return (result, resultOrigin, resultQuadrics);
        }
    }

    private static int LongestAxis(float[] p)
    {
        Span<float> lo = [float.MaxValue, float.MaxValue, float.MaxValue], hi = [float.MinValue, float.MinValue, float.MinValue];
        for (int n = 0; n < p.Length; n += 3)
        {
            for (int a = 0; a < 3; a++)
            {
                lo[a] = Math.Min(lo[a], p[n + a]);
                hi[a] = Math.Max(hi[a], p[n + a]);
            }
        }
        int axis = 0;
        for (int a = 1; a < 3; a++) if (hi[a] - lo[a] > hi[axis] - lo[axis]) axis = a;
        return axis;
    }
}
