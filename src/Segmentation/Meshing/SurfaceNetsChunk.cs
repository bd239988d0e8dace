namespace SurgicalNav.Segmentation.Meshing;

/// <summary>What one z-slab of cell layers produced: its vertices (LPS mm) and slab-local triangle indices.</summary>
internal sealed class SurfaceNetsChunk
{
    public GrowBuffer<float> Positions;
    public GrowBuffer<int> Indices;

    /// <summary>Vertices created in the slab's last cell layer; the next slab refers back to them.</summary>
    public int LastLayerVertexCount;
}
