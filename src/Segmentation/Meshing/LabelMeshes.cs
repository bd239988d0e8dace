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
        LabelSurfaces surfaces = MultiLabelSurfaceNets.Extract(labelMap.Labels, present.Select(s => s.Value));
        surfaces.Smooth(options.SmoothingIterations, options.SmoothingPassBand);
        int[] counts = surfaces.TriangleCounts();
        long total = present.Sum(s => (long)counts[s.Value]);
        bool budget = options.MaxTriangles > 0 && total > options.MaxTriangles;
        bool decimate = budget || double.IsFinite(options.MaxErrorMm);
        bool[]? interfaces = decimate && options.KeepInterfaces ? surfaces.OnInterfaces() : null;
        // An explicit error request is the bound; otherwise the fidelity floor under the budget.
        double deviation = double.IsFinite(options.MaxErrorMm) ? options.MaxErrorMm : options.MaxDeviationMm;
        var meshes = new Mesh[present.Length];
        Parallel.For(0, present.Length, new ParallelOptions(), n =>
        {
            SegmentInfo segment = present[n];
            Mesh mesh = surfaces.MeshOf(segment.Value, segment.Name, segment.Color, out int[] shared);
            if (decimate)
            {
                int target = budget ? (int)(counts[segment.Value] * (double)options.MaxTriangles / total) : 0;
                bool[]? locked = interfaces is null ? null : Array.ConvertAll(shared, s => interfaces[s]);
                mesh = MeshDecimation.Decimate(mesh, target, options.MaxErrorMm, locked, deviation);
            }
            mesh.Normals = MeshNormals.Compute(mesh);
            meshes[n] = mesh;
        });
        return meshes;
    }
}
