using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// Intensity isosurfaces of a CT volume at an iso-value in HU (bone at 300 HU is the classic case): the voxels
/// at or above the iso-value, meshed by the same multi-label surface nets as label maps, with each cell's vertex
/// at the mean of the linearly interpolated iso crossings on its edges. Closed wherever the object is closed
/// (outside the image counts as below the iso-value), 2-manifold, parallel over z-slabs and the same for any
/// thread count.
/// </summary>
public static class Isosurface
{
    /// <summary>
    /// The surface where ct crosses isoHu, positions in patient LPS mm, counter-clockwise seen from outside (the
    /// side below the iso-value), with unit normals. An empty mesh when no voxel reaches the iso-value.
    /// </summary>
    public static Mesh Extract(Volume<short> ct, double isoHu, string name, float[] color)
    {
        ArgumentNullException.ThrowIfNull(ct);
        if (!double.IsFinite(isoHu)) throw new ArgumentOutOfRangeException(nameof(isoHu), isoHu, "the iso-value must be a finite number of HU, e.g. 300 for bone");
        var mask = Volume<byte>.Uninitialized(ct.Geometry);
        short[] hu = ct.Data;
        byte[] inside = mask.Data;
        int sliceVoxels = ct.Dimensions.X * ct.Dimensions.Y;
        Parallel.For(0, ct.Dimensions.Z, k =>
        {
            int start = k * sliceVoxels;
            for (int n = start; n < start + sliceVoxels; n++) inside[n] = hu[n] >= isoHu ? (byte)1 : (byte)0;
        });
        LabelSurfaces surfaces = MultiLabelSurfaceNets.Extract(mask, [1], new IsoField(hu, isoHu));
        Mesh mesh = surfaces.MeshOf(1, name, color);
        mesh.Normals = MeshNormals.Compute(mesh);
        return mesh;
    }
}
