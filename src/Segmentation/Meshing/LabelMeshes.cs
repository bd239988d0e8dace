namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Turns a whole label map into one smoothed surface per segment.</summary>
public static class LabelMeshes
{
    /// <summary>
    /// One closed, smoothed mesh with unit normals per segment of the table that has voxels, in table
    /// (value) order; positions in patient LPS mm, names and colours from the segment table.
    /// </summary>
    public static IReadOnlyList<Mesh> Build(LabelMap labelMap, MeshingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labelMap);
        options ??= MeshingOptions.Default;
        long[] histogram = labelMap.Histogram();
        SegmentInfo[] present = labelMap.Segments.Segments.Where(s => histogram[s.Value] > 0).ToArray();
        var meshes = new Mesh[present.Length];
        Parallel.For(0, present.Length, n =>
        {
            SegmentInfo segment = present[n];
            Mesh raw = SurfaceNets.Extract(labelMap.Labels, segment.Value, options.Step, segment.Name, segment.Color);
            Mesh smooth = options.SmoothingIterations > 0
                ? MeshSmoothing.Taubin(raw, options.SmoothingIterations, options.SmoothingPassBand)
                : raw;
            smooth.Normals = MeshNormals.Compute(smooth);
            meshes[n] = smooth;
        });
        return meshes;
    }
}
