namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Union-find over an int parent array (path halving; the smaller root wins, so results are deterministic).</summary>
internal static class DisjointSets
{
    /// <summary>A parent array where every element is its own set.</summary>
    public static int[] Create(int count)
    {
        var parent = new int[count];
        for (int n = 0; n < count; n++) parent[n] = n;
        return parent;
    }

    /// <summary>The root of x's set.</summary>
    public static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /// <summary>Joins the sets of a and b.</summary>
    public static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
