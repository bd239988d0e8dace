namespace SurgicalNav.Segmentation.Meshing;

/// <summary>The connected parts of triangle meshes (triangles joined through shared vertices).</summary>
public static class MeshComponents
{
    /// <summary>
    /// One mesh per connected part, largest (most triangles) first, named "name#1", "name#2", ... with the source's
    /// colour; positions in patient LPS mm, compact vertex numbering, normals carried over when present. A mesh
    /// with one part comes back as one part named "name#1"; an empty mesh gives no parts.
    /// </summary>
    public static IReadOnlyList<Mesh> Split(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        int[] idx = mesh.Indices;
        int[] partOfTriangle = Label(mesh, out List<int> triangleCounts);
        // Largest first; ties keep the order of first appearance, so the numbering is deterministic.
        int[] order = Enumerable.Range(0, triangleCounts.Count).OrderByDescending(k => triangleCounts[k]).ToArray();
        var rank = new int[order.Length];
        for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
        // Triangles bucketed by part (counting sort), so each part costs only its own triangles.
        var first = new int[order.Length + 1];
        for (int r = 0; r < order.Length; r++) first[r + 1] = first[r] + triangleCounts[order[r]];
        var next = (int[])first.Clone();
        var byPart = new int[partOfTriangle.Length];
        for (int t = 0; t < partOfTriangle.Length; t++) byPart[next[rank[partOfTriangle[t]]]++] = t;
        var parts = new Mesh[order.Length];
        var local = new int[mesh.VertexCount];
        var owner = new int[mesh.VertexCount];
        Array.Fill(owner, -1);
        for (int r = 0; r < order.Length; r++)
        {
            var positions = new List<float>();
            var normals = mesh.Normals is null ? null : new List<float>();
            var indices = new int[triangleCounts[order[r]] * 3];
            int w = 0;
            for (int n = first[r]; n < first[r + 1]; n++)
            {
                int t = byPart[n];
                for (int k = 0; k < 3; k++)
                {
                    int v = idx[3 * t + k];
                    if (owner[v] != r)
                    {
                        owner[v] = r;
                        local[v] = positions.Count / 3;
                        positions.AddRange(mesh.PositionsMm.AsSpan(3 * v, 3));
                        normals?.AddRange(mesh.Normals!.AsSpan(3 * v, 3));
                    }
                    indices[w++] = local[v];
                }
            }
            parts[r] = new Mesh($"{mesh.Name}#{r + 1}", mesh.Color, [.. positions], indices, normals is null ? null : [.. normals]);
        }
        return parts;
    }

    /// <summary>Number of connected parts (0 for an empty mesh).</summary>
    public static int Count(Mesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Label(mesh, out List<int> triangleCounts);
        return triangleCounts.Count;
    }

    /// <summary>The part of each triangle, parts numbered in order of first appearance, and each part's triangle count.</summary>
    private static int[] Label(Mesh mesh, out List<int> triangleCounts)
    {
        int[] idx = mesh.Indices;
        int[] parent = DisjointSets.Create(mesh.VertexCount);
        for (int n = 0; n < idx.Length; n += 3)
        {
            DisjointSets.Union(parent, idx[n], idx[n + 1]);
            DisjointSets.Union(parent, idx[n], idx[n + 2]);
        }
        var partOfRoot = new Dictionary<int, int>();
        triangleCounts = [];
        var partOfTriangle = new int[mesh.TriangleCount];
        for (int t = 0; t < partOfTriangle.Length; t++)
        {
            int root = DisjointSets.Find(parent, idx[3 * t]);
            if (!partOfRoot.TryGetValue(root, out int part))
            {
                partOfRoot[root] = part = triangleCounts.Count;
                triangleCounts.Add(0);
            }
            partOfTriangle[t] = part;
            triangleCounts[part]++;
        }
        return partOfTriangle;
    }
}
