using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Multi-label surface nets: the closed surfaces of many labels of a label map in one pass over z-slabs, with
/// shared interfaces (no gaps or overlaps between touching labels) and each label a closed 2-manifold.
/// </summary>
public static class MultiLabelSurfaceNets
{
    /// <summary>
    /// Extracts the raw surfaces of the wanted label values (index = value; 0 is background and is never
    /// meshed). Positions in patient LPS mm; output is the same for any thread count.
    /// </summary>
    public static LabelSurfaces Extract(Volume<byte> labels, IEnumerable<byte> values)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        var wanted = new bool[256];
        foreach (byte value in values) wanted[value] = value != 0;
        var grid = new MultiLabelGrid(labels, wanted);
        int layers = grid.Layers;
        int chunkCount = Math.Min(layers, Math.Max(1, Environment.ProcessorCount * 4));
        var chunks = new MultiLabelChunk[chunkCount];
        Parallel.For(0, chunkCount, c =>
        {
            int c0 = (int)((long)layers * c / chunkCount), c1 = (int)((long)layers * (c + 1) / chunkCount);
            chunks[c] = grid.Run(c0, c1);
        });
        LabelSurfaces joined = Concatenate(chunks, out int[] faceRingVertices);
        // The slabs' growth buffers are garbage now; return them before the splitter copies the joined arrays.
        chunks = [];
        FreedMemory.Return();
        return FaceRingSplitter.Split(joined, faceRingVertices);
    }

    /// <summary>Joins per-slab buffers in slab order, resolving references into the previous slab's last layer.</summary>
    private static LabelSurfaces Concatenate(MultiLabelChunk[] chunks, out int[] faceRingVertices)
    {
        int n = chunks.Length;
        var sharedBase = new int[n];
        var vertexBase = new int[n];
        var indexBase = new int[n];
        int shared = 0, vertices = 0, indices = 0;
        for (int c = 0; c < n; c++)
        {
            sharedBase[c] = shared;
            vertexBase[c] = vertices;
            indexBase[c] = indices;
            shared = checked(shared + chunks[c].Positions.Count / 3);
            vertices = checked(vertices + chunks[c].VertexCell.Count);
            indices = checked(indices + chunks[c].Indices.Count);
        }
        var positions = new float[shared * 3];
        var vertexShared = new int[vertices];
        var vertexLabel = new byte[vertices];
        var allIndices = new int[indices];
        var triangleLabel = new byte[indices / 3];
        Parallel.For(0, n, c =>
        {
            MultiLabelChunk chunk = chunks[c];
            chunk.Positions.Span.CopyTo(positions.AsSpan(sharedBase[c] * 3));
            chunk.VertexLabel.Span.CopyTo(vertexLabel.AsSpan(vertexBase[c]));
            chunk.TriangleLabel.Span.CopyTo(triangleLabel.AsSpan(indexBase[c] / 3));
            ReadOnlySpan<int> cells = chunk.VertexCell.Span;
            for (int v = 0; v < cells.Length; v++) vertexShared[vertexBase[c] + v] = sharedBase[c] + cells[v];
            int previousLayerStart = c > 0 ? vertexBase[c] - chunks[c - 1].LastLayerVertexCount : 0;
            int baseIndex = vertexBase[c];
            ReadOnlySpan<int> src = chunk.Indices.Span;
            Span<int> dst = allIndices.AsSpan(indexBase[c], src.Length);
            for (int i = 0; i < src.Length; i++)
            {
                int v = src[i];
                dst[i] = v >= 0 ? baseIndex + v : previousLayerStart - v - 1;
            }
        });
        int rings = 0;
        foreach (MultiLabelChunk chunk in chunks) rings += chunk.FaceRingVertices.Count;
        faceRingVertices = new int[rings];
        rings = 0;
        for (int c = 0; c < n; c++)
        {
            foreach (int v in chunks[c].FaceRingVertices.Span) faceRingVertices[rings++] = vertexBase[c] + v;
        }
        return new LabelSurfaces(positions, vertexShared, vertexLabel, allIndices, triangleLabel);
    }
}
