namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Vertex-to-neighbour lists of a triangle mesh in compressed rows (CSR), each neighbour listed once.</summary>
internal sealed class MeshAdjacency
{
    private MeshAdjacency(int[] start, int[] neighbours)
    {
        Start = start;
        Neighbours = neighbours;
    }

    /// <summary>Neighbours of vertex v are Neighbours[Start[v] .. Start[v + 1]).</summary>
    public int[] Start { get; }

    public int[] Neighbours { get; }

    public static MeshAdjacency Build(int vertexCount, ReadOnlySpan<int> indices) => Build(vertexCount, indices, null);

    /// <summary>
    /// The adjacency of the vertices that <paramref name="vertexOf"/> maps the indexed vertices to (the shared vertices
    /// under per-label ones), without a mapped copy of the indices; null maps each vertex to itself. With
    /// <paramref name="closedFans"/> every indexed vertex's triangles must form one closed, consistently wound fan (a
    /// closed 2-manifold, as each label's surface is); each neighbour is then the next corner of exactly one triangle
    /// of the fan, so only that corner is listed, which halves the scratch.
    /// </summary>
    public static MeshAdjacency Build(int vertexCount, ReadOnlySpan<int> indices, int[]? vertexOf, bool closedFans = false)
    {
        int V(int i) => vertexOf is null ? i : vertexOf[i];
        int perCorner = closedFans ? 1 : 2;
        var count = new int[vertexCount + 1];
        for (int t = 0; t < indices.Length; t += 3)
        {
            count[V(indices[t])] += perCorner;
            count[V(indices[t + 1])] += perCorner;
            count[V(indices[t + 2])] += perCorner;
        }
        var start = new int[vertexCount + 1];
        for (int v = 0; v < vertexCount; v++) start[v + 1] = start[v] + count[v];
        var raw = new int[start[vertexCount]];
        var fill = new int[vertexCount];
        Array.Copy(start, fill, vertexCount);
        for (int t = 0; t < indices.Length; t += 3)
        {
            int a = V(indices[t]), b = V(indices[t + 1]), c = V(indices[t + 2]);
            raw[fill[a]++] = b;
            raw[fill[b]++] = c;
            raw[fill[c]++] = a;
            if (closedFans) continue;
            raw[fill[a]++] = c;
            raw[fill[b]++] = a;
            raw[fill[c]++] = b;
        }
        // Every edge was written from both of its triangles; sort each row and keep unique entries.
        var unique = new int[vertexCount];
        Parallel.For(0, vertexCount, new ParallelOptions(), () => 0, (v, _, _) =>
        {
            Span<int> row = raw.AsSpan(start[v], start[v + 1] - start[v]);
            row.Sort();
            int n = 0;
            for (int i = 0; i < row.Length; i++)
            {
                if (n == 0 || row[n - 1] != row[i]) row[n++] = row[i];
            }
            unique[v] = n;
            return 0;
        }, _ => { });
        var compactStart = new int[vertexCount + 1];
        for (int v = 0; v < vertexCount; v++) compactStart[v + 1] = compactStart[v] + unique[v];
        var neighbours = new int[compactStart[vertexCount]];
        for (int v = 0; v < vertexCount; v++)
        {
            raw.AsSpan(start[v], unique[v]).CopyTo(neighbours.AsSpan(compactStart[v]));
        }
        return new MeshAdjacency(compactStart, neighbours);
    }
}
