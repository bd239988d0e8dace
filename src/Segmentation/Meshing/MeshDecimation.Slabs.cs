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
        var parts = new (Mesh Mesh, int[] Origin)[slabs];
        Parallel.For(0, slabs, k => parts[k] = DecimateSlab(mesh, triangleSlab, k, hold, targetTriangles));
        // Join: held vertices keep one id across slabs; the rest are new.
        var joinedId = new int[vertexCount];
        Array.Fill(joinedId, -1);
        var positions = new List<float>();
        int joinedCount = 0;
        var indices = new List<int>();
        int Id(int original, float x, float y, float z)
        {
            if (hold[original] && joinedId[original] >= 0) return joinedId[original];
            int id = joinedCount++;
            positions.Add(x); positions.Add(y); positions.Add(z);
            if (hold[original]) joinedId[original] = id;
            return id;
        }
        foreach ((Mesh part, int[] origin) in parts)
        {
            var local = new int[part.VertexCount];
            for (int v = 0; v < local.Length; v++)
            {
                local[v] = Id(origin[v], part.PositionsMm[3 * v], part.PositionsMm[3 * v + 1], part.PositionsMm[3 * v + 2]);
            }
            foreach (int i in part.Indices) indices.Add(local[i]);
        }
        for (int t = 0; t < triangleCount; t++)
        {
            if (triangleSlab[t] >= 0) continue;
            for (int k = 0; k < 3; k++)
            {
                int o = idx[3 * t + k];
                indices.Add(Id(o, p[3 * o], p[3 * o + 1], p[3 * o + 2]));
            }
        }
        var joined = new Mesh(mesh.Name, mesh.Color, [.. positions], [.. indices]);
        if (joined.TriangleCount <= targetTriangles && !double.IsFinite(maxErrorMm)) return joined;
        var finish = new QuadricDecimator(joined, null);
        finish.Run(targetTriangles, maxErrorMm * maxErrorMm);
        return finish.ToMesh(mesh.Name, mesh.Color);

        (Mesh, int[]) DecimateSlab(Mesh whole, int[] slabOfTriangle, int k, bool[] held, int target)
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
            var decimator = new QuadricDecimator(sub, subLocked);
            decimator.Run(subTarget, maxErrorMm * maxErrorMm);
            Mesh result = decimator.ToMesh(whole.Name, whole.Color, out int[] resultOrigin, out _);
            for (int v = 0; v < resultOrigin.Length; v++) resultOrigin[v] = subOrigin[resultOrigin[v]];
            return (result, resultOrigin);
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
