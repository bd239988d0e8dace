using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

public static partial class MeshDecimation
{
    // Below this a mesh decimates faster on one thread than it splits and joins.
    private const int SlabThreshold = 200_000;

    // Largest slab: a decimator with the deviation bound holds about 330 bytes per triangle, so a slab stays near 80 MB
    // whatever the mesh.
    private const int MaxSlabTriangles = 250_000;

    /// <summary>
    /// Slabs for a mesh of this many triangles: at least four, and enough that none passes <see cref="MaxSlabTriangles"/>.
    /// It depends on the mesh only, so the result is the same on every machine.
    /// </summary>
    private static int SlabCount(int triangles) => Math.Max(4, (triangles + MaxSlabTriangles - 1) / MaxSlabTriangles);

    /// <summary>
    /// Large meshes without locked vertices: cut into slabs of equal vertex count along the longest axis, decimate the
    /// slabs in parallel with the seam (triangles across slabs, their vertices and those vertices' neighbours) locked,
    /// then join them and finish the whole mesh to the target on one thread. The locked ring keeps a slab's link
    /// condition exact: a free vertex never touches a seam triangle. Memory follows the slab, not the mesh, and the
    /// result is deterministic. With a finite <paramref name="maxDeviationMm"/> each slab tracks its own vertices, and
    /// the finishing pass takes every original vertex with the joined vertex it was merged into, so the bound holds
    /// against the whole input exactly as on one thread.
    /// </summary>
    private static Mesh DecimateInSlabs(Mesh mesh, int targetTriangles, double maxErrorMm, double maxDeviationMm, int slabs)
    {
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        int vertexCount = mesh.VertexCount, triangleCount = mesh.TriangleCount;
        int[] slabOf = SlabOfVertex(p, vertexCount, slabs);
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
        var parts = new SlabResult[slabs];
        // No more slabs at once than cores: the pool adds threads to long tasks, and each slab holds its own decimator.
        // A slab's decimator (about 80 MB) is garbage once its result is out; the collector would let several pile up
        // before a full collection, so each finished slab hands its working set back (tens of ms against seconds).
        Parallel.For(0, slabs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            parts[k] = DecimateSlab(mesh, triangleSlab, k, hold, targetTriangles, maxErrorMm, maxDeviationMm);
            FreedMemory.Return();
        });

        // Join: a held vertex keeps one id (its slab part and the seam triangles name it); the rest are new. A vertex
        // only has triangles of its own slab and the seam, so its quadric is its slab's result plus the planes of the
        // seam triangles around it, which no slab saw.
        var joinedId = new int[vertexCount];
        Array.Fill(joinedId, -1);
        int[]? pointOwner = double.IsFinite(maxDeviationMm) ? new int[vertexCount] : null;
        if (pointOwner is not null) Array.Fill(pointOwner, -1);
        var positions = new List<float>();
        var quadrics = new List<double>();
        var indices = new List<int>();
        int Id(int original, float x, float y, float z, ReadOnlySpan<double> q)
        {
            if (joinedId[original] >= 0) return joinedId[original];
            int id = positions.Count / 3;
            positions.Add(x); positions.Add(y); positions.Add(z);
            foreach (double value in q) quadrics.Add(value);
            if (hold[original]) joinedId[original] = id;
            return id;
        }
        foreach (SlabResult part in parts)
        {
            var local = new int[part.Mesh.VertexCount];
            float[] pp = part.Mesh.PositionsMm;
            for (int v = 0; v < local.Length; v++) local[v] = Id(part.Origin[v], pp[3 * v], pp[3 * v + 1], pp[3 * v + 2], part.Quadrics.AsSpan(10 * v, 10));
            foreach (int i in part.Mesh.Indices) indices.Add(local[i]);
            if (pointOwner is null) continue;
            for (int q = 0; q < part.Points.Length; q++) pointOwner[part.Points[q]] = local[part.PointOwner[q]];
        }
        Span<double> seamPlanes = stackalloc double[10];
        for (int t = 0; t < triangleCount; t++)
        {
            if (triangleSlab[t] >= 0) continue;
            bool hasPlane = QuadricDecimator.Plane(p, idx[3 * t], idx[3 * t + 1], idx[3 * t + 2], seamPlanes);
            for (int k = 0; k < 3; k++)
            {
                int o = idx[3 * t + k];
                int j = Id(o, p[3 * o], p[3 * o + 1], p[3 * o + 2], NoPlanes);
                indices.Add(j);
                // A vertex that only seam triangles hold was in no slab: it owns itself.
                if (pointOwner is not null && pointOwner[o] < 0) pointOwner[o] = j;
                if (!hasPlane) continue;
                for (int c = 0; c < 10; c++) quadrics[10 * j + c] += seamPlanes[c];
            }
        }
        var joined = new Mesh(mesh.Name, mesh.Color, [.. positions], [.. indices]);
        if (joined.TriangleCount <= targetTriangles && !double.IsFinite(maxErrorMm) && !double.IsFinite(maxDeviationMm)) return joined;
        var finish = new QuadricDecimator(joined, null, [.. quadrics]);
        if (pointOwner is not null) finish.LimitDeviation(maxDeviationMm, p, pointOwner);
        finish.Run(targetTriangles, maxErrorMm * maxErrorMm);
        return finish.ToMesh(mesh.Name, mesh.Color);

        SlabResult DecimateSlab(Mesh whole, int[] slabOfTriangle, int k, bool[] held, int target, double maxError, double maxDeviation)
        {
            var map = new Dictionary<int, int>();
            var subPositions = new List<float>();
            var subIndices = new List<int>();
            var subOrigin = new List<int>();
            for (int t = 0; t < triangleCount; t++)
            {
                if (slabOfTriangle[t] != k) continue;
                for (int c = 0; c < 3; c++)
                {
                    int o = idx[3 * t + c];
                    if (!map.TryGetValue(o, out int local))
                    {
                        map[o] = local = subOrigin.Count;
                        subOrigin.Add(o);
                        subPositions.Add(p[3 * o]); subPositions.Add(p[3 * o + 1]); subPositions.Add(p[3 * o + 2]);
                    }
                    subIndices.Add(local);
                }
            }
            var sub = new Mesh(whole.Name, whole.Color, [.. subPositions], [.. subIndices]);
            var subLocked = new bool[subOrigin.Count];
            for (int v = 0; v < subLocked.Length; v++) subLocked[v] = held[subOrigin[v]];
            int subTarget = (int)((long)sub.TriangleCount * target / triangleCount);
            var decimator = new QuadricDecimator(sub, subLocked);
            decimator.LimitDeviation(maxDeviation);
            decimator.Run(subTarget, maxError * maxError);
            Mesh result = decimator.ToMesh(whole.Name, whole.Color, out int[] resultOrigin, out _);
            int[] owner = double.IsFinite(maxDeviation) ? decimator.PointOwners(resultOrigin) : [];
            var resultQuadrics = new double[resultOrigin.Length * 10];
            for (int v = 0; v < resultOrigin.Length; v++)
            {
                Array.Copy(decimator.Quadrics, 10 * resultOrigin[v], resultQuadrics, 10 * v, 10);
                resultOrigin[v] = subOrigin[resultOrigin[v]];
            }
            return new SlabResult(result, resultOrigin, resultQuadrics, owner.Length == 0 ? [] : [.. subOrigin], owner);
        }
    }

    private static readonly double[] NoPlanes = new double[10];

    /// <summary>
    /// One decimated slab: its mesh, the original vertex behind each of its vertices, their quadrics (10 each), and
    /// when deviation is tracked the original vertices it held (Points) with the slab vertex each was merged into.
    /// </summary>
    private sealed record SlabResult(Mesh Mesh, int[] Origin, double[] Quadrics, int[] Points, int[] PointOwner);

    /// <summary>Slab index of each vertex: equal vertex counts along the longest axis of the positions.</summary>
    private static int[] SlabOfVertex(float[] p, int vertexCount, int slabs)
    {
        int axis = LongestAxis(p);
        var sorted = new float[vertexCount];
        for (int v = 0; v < vertexCount; v++) sorted[v] = p[3 * v + axis];
        Array.Sort(sorted);
        var bounds = new float[slabs - 1];
        for (int k = 0; k < bounds.Length; k++) bounds[k] = sorted[(int)((long)vertexCount * (k + 1) / slabs)];
        var slabOf = new int[vertexCount];
        for (int v = 0; v < vertexCount; v++)
        {
            float x = p[3 * v + axis];
            int k = 0;
            while (k < bounds.Length && x >= bounds[k]) k++;
            slabOf[v] = k;
        }
        return slabOf;
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
