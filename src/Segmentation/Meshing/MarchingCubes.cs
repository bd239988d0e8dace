using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Marching-cubes isosurfaces of CT volumes in the flying-edges manner: bit-packed inside/outside rows, counts,
/// prefix sums, then vertices and triangles written in parallel at their final index. Vertices are shared
/// (one per crossed voxel edge, linearly interpolated), triangles face away from the side at or above the
/// iso-value, and the case table is consistent across cell faces, so the surface is a closed, welded 2-manifold
/// wherever the object is closed; outside the image counts as below the iso-value.
/// </summary>
public static class MarchingCubes
{
    /// <summary>
    /// The surface where ct crosses isoHu (a voxel belongs to the object when its HU is at or above it), positions
    /// in patient LPS mm, triangles counter-clockwise seen from outside, no normals. Same output for any thread
    /// count; an empty mesh when no voxel reaches the iso-value.
    /// </summary>
    public static Mesh Extract(Volume<short> ct, double isoHu, string name, float[] color)
    {
        ArgumentNullException.ThrowIfNull(ct);
        if (!double.IsFinite(isoHu)) throw new ArgumentOutOfRangeException(nameof(isoHu), isoHu, "the iso-value must be a finite number of HU, e.g. 300 for bone");
        if (isoHu > short.MaxValue) return new Mesh(name, color, [], []);
        return new MarchingCubesGrid(ct, isoHu).Run(name, color);
    }
}
