using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Intensity isosurfaces of a CT volume at an iso-value in HU (bone at 300 HU is the classic case): marching
/// cubes in the flying-edges manner (<see cref="MarchingCubes"/>) with shared, interpolated edge vertices and
/// area-weighted normals. Closed wherever the object is closed (outside the image counts as below the
/// iso-value), 2-manifold, parallel over z-slices and the same for any thread count.
/// </summary>
public static class Isosurface
{
    /// <summary>
    /// The surface where ct crosses isoHu, positions in patient LPS mm, counter-clockwise seen from outside (the
    /// side below the iso-value), with unit normals. An empty mesh when no voxel reaches the iso-value.
    /// </summary>
    public static Mesh Extract(Volume<short> ct, double isoHu, string name, float[] color)
    {
        Mesh mesh = MarchingCubes.Extract(ct, isoHu, name, color);
        mesh.Normals = MeshNormals.Compute(mesh);
        return mesh;
    }
}
