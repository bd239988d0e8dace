using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class BoundaryDistanceTests
{
    private static LabelMap Box()
    {
        var geometry = ImageGeometry.Axial(new Int3(20, 20, 20), new Vec3(1, 1, 1), new Vec3(0, 0, 0));
        LabelMap map = LabelMap.Empty(geometry, MeshingShapes.Table());
        for (int k = 5; k < 15; k++) for (int j = 5; j < 15; j++) for (int i = 5; i < 15; i++) map.Labels[i, j, k] = 1;
        return map;
    }

    [Test]
    public void Measure_RawBoxSurface_VerticesOnTheVoxelFacesOrRoundedCorners()
    {
        LabelMap map = Box();
        Mesh raw = LabelMeshes.Build(map, new MeshingOptions { SmoothingIterations = 0, MaxTriangles = 0 }).Single();

        (double mean, double max) = BoundaryDistance.Measure(raw, map, 1);

        // Face vertices lie on the faces; an edge cell's vertex is the mean of 4 crossings, 0.25 mm from both
        // faces, and a corner cell's the mean of 3 crossings at (1/6, 1/6, 1/6) from the voxel centre: 1/3 mm.
        Assert.That(mean, Is.LessThan(0.1));
        Assert.That(max, Is.EqualTo(1.0 / 3).Within(0.001));
    }

    [Test]
    public void Measure_SurfaceShiftedOneAndAHalfMm_ReportsTheShift()
    {
        LabelMap map = Box();
        Mesh raw = LabelMeshes.Build(map, new MeshingOptions { SmoothingIterations = 0, MaxTriangles = 0 }).Single();
        float[] shifted = (float[])raw.PositionsMm.Clone();
        for (int n = 2; n < shifted.Length; n += 3) shifted[n] += 1.5f;

        (double mean, double max) = BoundaryDistance.Measure(new Mesh("s", raw.Color, shifted, raw.Indices), map, 1);

        Assert.That(max, Is.EqualTo(1.5).Within(0.01));
        Assert.That(mean, Is.GreaterThan(0.3));
    }
}
