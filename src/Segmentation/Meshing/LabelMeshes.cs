using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Turns a whole label map into one smoothed, decimated surface per segment.</summary>
public static class LabelMeshes
{
    /// <summary>
    /// One closed mesh with unit normals per segment of the table that has voxels, in table (value) order;
    /// positions in patient LPS mm, names and colours from the segment table. Touching segments share their
    /// interface vertices.
    /// </summary>
    public static IReadOnlyList<Mesh> Build(LabelMap labelMap, MeshingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labelMap);
        options ??= MeshingOptions.Default;
        long[] histogram = labelMap.Histogram();
        SegmentInfo[] present = labelMap.Segments.Segments.Where(s => s.Value != 0 && histogram[s.Value] > 0).ToArray();
        Surface[] surfaces = SmoothSurfaces(labelMap, present, options);
        // The shared surfaces and the smoothing's adjacency went with SmoothSurfaces' frame; return them.
        FreedMemory.Return();
        long total = surfaces.Sum(s => (long)s.Mesh.TriangleCount);
        bool budget = options.MaxTriangles > 0 && total > options.MaxTriangles;
        bool decimate = budget || double.IsFinite(options.MaxErrorMm);
        // An explicit error request is the bound; otherwise the fidelity floor under the budget.
        double deviation = double.IsFinite(options.MaxErrorMm) ? options.MaxErrorMm : options.MaxDeviationMm;
        var meshes = new Mesh[present.Length];
        // One segment at a time, so only one full-resolution decimation is in memory; large segments decimate in
        // parallel slabs of their own. Each raw surface is let go as soon as its segment is done.
        for (int n = 0; n < present.Length; n++)
        {
            Mesh mesh = surfaces[n].Mesh;
            if (decimate)
            {
                int target = budget ? (int)(mesh.TriangleCount * (double)options.MaxTriangles / total) : 0;
                mesh = MeshDecimation.Decimate(mesh, target, options.MaxErrorMm, surfaces[n].Locked, deviation);
            }
            surfaces[n] = default;
            mesh.Normals = MeshNormals.Compute(mesh);
            meshes[n] = mesh;
            // A decimation's working set is garbage now; hand it back before the next segment allocates its own.
            if (decimate) FreedMemory.Return();
        }
        return meshes;
    }

    /// <summary>A segment's full-resolution surface and, when interfaces are kept, which of its vertices are on one.</summary>
    private record struct Surface(Mesh Mesh, bool[]? Locked);

    /// <summary>
    /// Extracts every present segment's surface on shared vertices, smooths them together (interfaces stay sealed),
    /// and splits them into one mesh per segment; the shared surfaces are dropped when this returns.
    /// </summary>
    private static Surface[] SmoothSurfaces(LabelMap labelMap, SegmentInfo[] present, MeshingOptions options)
    {
        LabelSurfaces surfaces = MultiLabelSurfaceNets.Extract(labelMap.Labels, present.Select(s => s.Value));
        // Extraction grew per-slab buffers and copied them out; let them go before smoothing builds its adjacency.
        FreedMemory.Return();
        surfaces.Smooth(options.SmoothingIterations, options.SmoothingPassBand);
        // The smoothing's adjacency is garbage now; return it before the per-segment meshes are copied out.
        FreedMemory.Return();
        long total = surfaces.TriangleCounts().Sum(c => (long)c);
        bool decimate = (options.MaxTriangles > 0 && total > options.MaxTriangles) || double.IsFinite(options.MaxErrorMm);
        bool[]? interfaces = decimate && options.KeepInterfaces ? surfaces.OnInterfaces() : null;
        var result = new Surface[present.Length];
        for (int n = 0; n < present.Length; n++)
        {
            SegmentInfo segment = present[n];
            Mesh mesh = surfaces.MeshOf(segment.Value, segment.Name, segment.Color, out int[] shared);
            result[n] = new Surface(mesh, interfaces is null ? null : Array.ConvertAll(shared, s => interfaces[s]));
        }
        return result;
    }
}
