namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// The surfaces of several labels on one set of shared vertices, as multi-label surface nets makes them:
/// shared vertex positions in patient LPS mm; per-label vertices that each sit on one shared vertex; triangles
/// over per-label vertices, counter-clockwise seen from outside their label. Two labels that touch use the
/// same shared vertices on their interface, so smoothing the shared positions keeps them sealed.
/// </summary>
public sealed class LabelSurfaces
{
    internal LabelSurfaces(float[] positionsMm, int[] vertexShared, byte[] vertexLabel, int[] indices, byte[] triangleLabel)
    {
        PositionsMm = positionsMm;
        VertexShared = vertexShared;
        VertexLabel = vertexLabel;
        Indices = indices;
        TriangleLabel = triangleLabel;
    }

    /// <summary>Shared vertex positions in patient LPS mm, 3 floats each.</summary>
    public float[] PositionsMm { get; }

    /// <summary>For each per-label vertex, the shared vertex it sits on.</summary>
    public int[] VertexShared { get; }

    /// <summary>For each per-label vertex, its label value.</summary>
    public byte[] VertexLabel { get; }

    /// <summary>Triangles over per-label vertices, 3 per triangle.</summary>
    public int[] Indices { get; }

    /// <summary>The label value of each triangle.</summary>
    public byte[] TriangleLabel { get; }

    /// <summary>Number of shared vertices.</summary>
    public int SharedVertexCount => PositionsMm.Length / 3;

    /// <summary>
    /// Windowed-sinc smoothing (<see cref="MeshSmoothing.WindowedSinc"/>) of the shared vertices over the union of
    /// all labels' edges, in place; interfaces stay shared because both labels read the same positions.
    /// </summary>
    public void Smooth(int iterations, double passBand)
    {
        if (iterations <= 0 || Indices.Length == 0) return;
        MeshAdjacency adjacency = MeshAdjacency.Build(SharedVertexCount, Indices, VertexShared, closedFans: true);
        MeshSmoothing.WindowedSincInPlace(PositionsMm, adjacency, iterations, passBand);
    }

    /// <summary>True for each shared vertex that more than one label uses (an interface or junction).</summary>
    internal bool[] OnInterfaces()
    {
        var first = new short[SharedVertexCount];
        Array.Fill(first, (short)-1);
        var result = new bool[SharedVertexCount];
        for (int v = 0; v < VertexShared.Length; v++)
        {
            int s = VertexShared[v];
            if (first[s] < 0) first[s] = VertexLabel[v];
            else if (first[s] != VertexLabel[v]) result[s] = true;
        }
        return result;
    }

    /// <summary>Per-label triangle counts (index = label value).</summary>
    public int[] TriangleCounts()
    {
        var counts = new int[256];
        foreach (byte label in TriangleLabel) counts[label]++;
        return counts;
    }

    /// <summary>The mesh of one label with its own welded vertex numbering; positions in LPS mm, normals not set.</summary>
    public Mesh MeshOf(byte label, string name, float[] color) => MeshOf(label, name, color, out _);

    /// <summary>As <see cref="MeshOf(byte, string, float[])"/>, also giving the shared vertex under each mesh vertex.</summary>
    internal Mesh MeshOf(byte label, string name, float[] color, out int[] sharedOfVertex)
    {
        int vertices = 0;
        var local = new int[VertexLabel.Length];
        for (int v = 0; v < VertexLabel.Length; v++) local[v] = VertexLabel[v] == label ? vertices++ : -1;
        var positions = new float[vertices * 3];
        sharedOfVertex = new int[vertices];
        for (int v = 0; v < VertexLabel.Length; v++)
        {
            int l = local[v];
            if (l < 0) continue;
            sharedOfVertex[l] = VertexShared[v];
            int s = VertexShared[v] * 3;
            positions[3 * l] = PositionsMm[s];
            positions[3 * l + 1] = PositionsMm[s + 1];
            positions[3 * l + 2] = PositionsMm[s + 2];
        }
        int triangles = 0;
        foreach (byte t in TriangleLabel) if (t == label) triangles++;
        var indices = new int[triangles * 3];
        int w = 0;
        for (int t = 0; t < TriangleLabel.Length; t++)
        {
            if (TriangleLabel[t] != label) continue;
            indices[w++] = local[Indices[3 * t]];
            indices[w++] = local[Indices[3 * t + 1]];
            indices[w++] = local[Indices[3 * t + 2]];
        }
        return new Mesh(name, color, positions, indices);
    }
}
