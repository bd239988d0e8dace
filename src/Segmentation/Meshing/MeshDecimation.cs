namespace SurgicalNav.Segmentation.Meshing;

/// <summary>Quadric edge-collapse decimation (Garland and Heckbert) of closed triangle meshes in patient LPS mm.</summary>
public static partial class MeshDecimation
{
    /// <summary>
    /// Collapses the cheapest edges until the mesh has at most targetTriangles triangles or the next collapse
    /// would move the surface more than maxErrorMm (root of the summed squared distances to the original
    /// planes around the merged vertices). A collapse is refused when it would change the topology (link
    /// condition), flip or flatten a triangle, give a vertex more than 32 triangles, or move a locked vertex;
    /// locked vertices (one flag per vertex) keep interfaces shared with other meshes. With a finite
    /// maxDeviationMm a collapse is also refused when an input vertex merged into the new vertex would lie farther
    /// than that from its triangles (a one-sided bound, input to output, that keeps thin parts); the target may
    /// then be missed: fidelity wins over the triangle count. Coincident input vertices (zero-length edges) merge
    /// first at no cost. Returns a new compact mesh without normals.
    /// </summary>
    public static Mesh Decimate(Mesh mesh, int targetTriangles, double maxErrorMm = double.PositiveInfinity, bool[]? locked = null, double maxDeviationMm = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (targetTriangles < 0) throw new ArgumentOutOfRangeException(nameof(targetTriangles), targetTriangles, "the target triangle count must be 0 or more");
        if (!(maxErrorMm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxErrorMm), maxErrorMm, "the maximum error must be 0 mm or more");
        if (!(maxDeviationMm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxDeviationMm), maxDeviationMm, "the maximum deviation must be 0 mm or more (infinity turns it off)");
        if (locked is not null && locked.Length != mesh.VertexCount) throw new ArgumentException($"locked has {locked.Length} flags but the mesh has {mesh.VertexCount} vertices", nameof(locked));
        if (mesh.TriangleCount <= targetTriangles) return new Mesh(mesh.Name, mesh.Color, (float[])mesh.PositionsMm.Clone(), (int[])mesh.Indices.Clone());
        // Large meshes go through slabs, which bounds memory by the slab and uses every core. Locked interfaces would
        // need their flags carried through the slab join; they run on one thread.
        if (locked is null && mesh.TriangleCount >= SlabThreshold)
        {
            return DecimateInSlabs(mesh, targetTriangles, maxErrorMm, maxDeviationMm, SlabCount(mesh.TriangleCount));
        }
        var decimator = new QuadricDecimator(mesh, (bool[]?)locked?.Clone());
        decimator.LimitDeviation(maxDeviationMm);
        decimator.Run(targetTriangles, maxErrorMm * maxErrorMm);
        return decimator.ToMesh(mesh.Name, mesh.Color);
    }
}
