namespace SurgicalNav.Segmentation.Meshing;

/// <summary>What one z-slab of cell layers produced: shared cell vertices (LPS mm), per-label vertices and labelled triangles.</summary>
internal sealed class MultiLabelChunk
{
    /// <summary>One shared vertex per mixed cell, xyz in LPS mm.</summary>
    public GrowBuffer<float> Positions;

    /// <summary>Per-label vertices: the slab-local shared vertex each one sits on.</summary>
    public GrowBuffer<int> VertexCell;

    /// <summary>Per-label vertices: the label value each one belongs to.</summary>
    public GrowBuffer<byte> VertexLabel;

    /// <summary>Triangles over per-label vertices (slab-local; negative -(1 + n) = vertex n of the previous slab's last layer).</summary>
    public GrowBuffer<int> Indices;

    /// <summary>The label of each triangle.</summary>
    public GrowBuffer<byte> TriangleLabel;

    /// <summary>Slab-local per-label vertices of patches that cross a cell face twice (<see cref="CellTables.CrossesFaceTwice"/>).</summary>
    public GrowBuffer<int> FaceRingVertices;

    /// <summary>Per-label vertices created in the slab's last cell layer; the next slab refers back to them.</summary>
    public int LastLayerVertexCount;
}
