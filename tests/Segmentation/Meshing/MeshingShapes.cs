using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Segmentation.Tests.Meshing;

/// <summary>Voxelised analytic shapes for meshing tests; inside = voxel centre inside the shape.</summary>
internal static class MeshingShapes
{
    public static SegmentTable Table() => new(
    [
        new SegmentInfo(1, "a", [1f, 0f, 0f]),
        new SegmentInfo(2, "b", [0f, 1f, 0f]),
    ]);

    /// <summary>Fills value where inside(patient LPS point in mm) is true.</summary>
    public static LabelMap Fill(ImageGeometry geometry, Func<Vec3, bool> inside, byte value = 1)
    {
        LabelMap map = LabelMap.Empty(geometry, Table());
        Int3 d = geometry.Dimensions;
        for (int k = 0; k < d.Z; k++)
            for (int j = 0; j < d.Y; j++)
                for (int i = 0; i < d.X; i++)
                    if (inside(geometry.IndexToPatient(i, j, k))) map.Labels[i, j, k] = value;
        return map;
    }

    public static ImageGeometry SphereGrid(Matrix3 direction) =>
        new(new Int3(64, 64, 36), new Vec3(0.8, 0.8, 1.5), new Vec3(-25.2, -25.2, -26.25), direction);
}
