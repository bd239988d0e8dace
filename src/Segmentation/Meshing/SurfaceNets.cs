using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Naive surface nets on the dual grid of a binary mask (inside = voxel equals the label value, everything
/// outside the grid is background, so every surface is closed). One vertex per mixed 2x2x2 cell at the mean
/// of its crossing-edge midpoints, one quad per inside/outside voxel edge, welded by construction.
/// Known limitation: where inside voxels touch only along an edge (a checkerboard 2x2 face) the shared
/// cell vertices make a non-manifold edge; smooth anatomy rarely has these, thin vessels may.
/// </summary>
public static class SurfaceNets
{
    /// <summary>Default grey for labels that are not in the segment table (sRGB 0..1).</summary>
    private static readonly float[] DefaultColor = [0.8f, 0.8f, 0.8f];

    /// <summary>
    /// Extracts the raw (unsmoothed) closed surface of one label value, positions in patient LPS mm,
    /// counter-clockwise seen from outside; name and colour come from the segment table when listed.
    /// </summary>
    public static Mesh Extract(LabelMap labelMap, byte value, int step = 1)
    {
        ArgumentNullException.ThrowIfNull(labelMap);
        SegmentInfo? info = labelMap.Segments.ByValue(value);
        return Extract(labelMap.Labels, value, step, info?.Name ?? $"label {value}", info?.Color ?? DefaultColor);
    }

    /// <summary>
    /// Extracts the raw closed surface of voxels equal to value, meshing every step-th voxel (nearest
    /// neighbour, spacing scaled by step); positions in patient LPS mm, outward counter-clockwise triangles.
    /// </summary>
    public static Mesh Extract(Volume<byte> labels, byte value, int step, string name, float[] color)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "the meshing step must be 1 (full resolution) or more voxels");
        var bounds = LabelBounds.Find(labels, value);
        if (bounds is null) return new Mesh(name, color, [], [], []);
        (Int3 min, Int3 max) = bounds.Value;
        // Only voxels at multiples of step are sampled; the sample box is the bbox rounded inwards.
        int x0 = (min.X + step - 1) / step, y0 = (min.Y + step - 1) / step, z0 = (min.Z + step - 1) / step;
        int x1 = max.X / step, y1 = max.Y / step, z1 = max.Z / step;
        if (x0 > x1 || y0 > y1 || z0 > z1) return new Mesh(name, color, [], [], []);

        var grid = new SurfaceNetsGrid(labels, value, step, new Int3(x0, y0, z0), new Int3(x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1));
        int layers = grid.Depth + 1;
        int chunkCount = Math.Min(layers, Math.Max(1, Environment.ProcessorCount * 4));
        var chunks = new SurfaceNetsChunk[chunkCount];
        Parallel.For(0, chunkCount, c =>
        {
            int c0 = (int)((long)layers * c / chunkCount), c1 = (int)((long)layers * (c + 1) / chunkCount);
            chunks[c] = grid.Run(c0, c1);
        });
        return Concatenate(chunks, name, color);
    }

    /// <summary>Joins per-slab buffers in slab order, resolving references into the previous slab's last layer.</summary>
    private static Mesh Concatenate(SurfaceNetsChunk[] chunks, string name, float[] color)
    {
        var vertexBase = new int[chunks.Length];
        var indexBase = new int[chunks.Length];
        int vertices = 0, indices = 0;
        for (int c = 0; c < chunks.Length; c++)
        {
            vertexBase[c] = vertices;
            indexBase[c] = indices;
            vertices = checked(vertices + chunks[c].Positions.Count / 3);
            indices = checked(indices + chunks[c].Indices.Count);
        }
        var positions = new float[vertices * 3];
        var allIndices = new int[indices];
        Parallel.For(0, chunks.Length, c =>
        {
            SurfaceNetsChunk chunk = chunks[c];
            chunk.Positions.Span.CopyTo(positions.AsSpan(vertexBase[c] * 3));
            // A negative index -(1 + n) names vertex n of the previous slab's last layer.
            int previousLayerStart = c > 0 ? vertexBase[c] - chunks[c - 1].LastLayerVertexCount : 0;
            int baseIndex = vertexBase[c];
            ReadOnlySpan<int> src = chunk.Indices.Span;
            Span<int> dst = allIndices.AsSpan(indexBase[c], src.Length);
            for (int n = 0; n < src.Length; n++)
            {
                int v = src[n];
                dst[n] = v >= 0 ? baseIndex + v : previousLayerStart - v - 1;
            }
        });
        return new Mesh(name, color, positions, allIndices);
    }
}
