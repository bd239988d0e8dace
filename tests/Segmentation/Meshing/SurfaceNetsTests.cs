using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class SurfaceNetsTests
{
    private const double RadiusMm = 20;

    private static LabelMap Sphere(Matrix3 direction, Vec3 centre) =>
        MeshingShapes.Fill(MeshingShapes.SphereGrid(direction), p => (p - centre).Length <= RadiusMm);

    [Test]
    public void Extract_VoxelisedSphere_IsWatertightWithEulerTwo()
    {
        Mesh mesh = SurfaceNets.Extract(Sphere(Matrix3.Identity, Vec3.Zero), 1);

        Assert.That(mesh.TriangleCount, Is.GreaterThan(1000));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.GreaterThan(0));
    }

    [Test]
    public void TaubinSmoothing_VoxelisedSphere_StaysNearSphereAndKeepsVolumeWithinOnePercent()
    {
        Mesh raw = SurfaceNets.Extract(Sphere(Matrix3.Identity, Vec3.Zero), 1);
        Mesh smooth = MeshSmoothing.Taubin(raw, 10, 0.1);

        double analytic = 4.0 / 3.0 * Math.PI * RadiusMm * RadiusMm * RadiusMm;
        double rawVolume = MeshMetrics.EnclosedVolumeMm3(raw), smoothVolume = MeshMetrics.EnclosedVolumeMm3(smooth);
        // Tolerance: 1 % of the analytic volume, and smoothing itself changes the volume by < 1 %.
        Assert.That(Math.Abs(smoothVolume - analytic) / analytic, Is.LessThan(0.01), $"smoothed {smoothVolume:F0} mm³ vs analytic {analytic:F0} mm³");
        Assert.That(Math.Abs(smoothVolume - rawVolume) / rawVolume, Is.LessThan(0.01), $"smoothed {smoothVolume:F0} mm³ vs raw {rawVolume:F0} mm³");
        // Tolerance: half a voxel diagonal, 0.5 * |(0.8, 0.8, 1.5)| = 0.94 mm, from the analytic sphere.
        double halfDiagonal = 0.5 * new Vec3(0.8, 0.8, 1.5).Length;
        double worst = 0;
        for (int v = 0; v < smooth.VertexCount; v++)
        {
            var p = new Vec3(smooth.PositionsMm[3 * v], smooth.PositionsMm[3 * v + 1], smooth.PositionsMm[3 * v + 2]);
            worst = Math.Max(worst, Math.Abs(p.Length - RadiusMm));
        }
        Assert.That(worst, Is.LessThan(halfDiagonal), $"worst radial error {worst:F3} mm");
        Assert.That(MeshMetrics.IsWatertight(smooth), Is.True);
    }

    [Test]
    public void Extract_Torus_IsWatertightWithEulerZero()
    {
        var geometry = ImageGeometry.Axial(new Int3(60, 60, 30), new Vec3(1, 1, 1), new Vec3(-29.5, -29.5, -14.5));
        const double major = 18, minor = 7;
        LabelMap map = MeshingShapes.Fill(geometry, p =>
        {
            double ring = Math.Sqrt(p.X * p.X + p.Y * p.Y) - major;
            return ring * ring + p.Z * p.Z <= minor * minor;
        });

        Mesh mesh = SurfaceNets.Extract(map, 1);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(0));
    }

    [Test]
    public void Extract_TwoBoxesSharingAFace_BothWatertight()
    {
        var geometry = ImageGeometry.Axial(new Int3(20, 12, 12), new Vec3(1, 1, 1), Vec3.Zero);
        LabelMap map = LabelMap.Empty(geometry, MeshingShapes.Table());
        for (int k = 2; k < 9; k++)
            for (int j = 2; j < 9; j++)
                for (int i = 2; i < 16; i++)
                    map.Labels[i, j, k] = i < 9 ? (byte)1 : (byte)2;

        Mesh a = SurfaceNets.Extract(map, 1), b = SurfaceNets.Extract(map, 2);

        Assert.That(MeshMetrics.IsWatertight(a), Is.True);
        Assert.That(MeshMetrics.IsWatertight(b), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(a), Is.EqualTo(2));
        Assert.That(MeshMetrics.EulerCharacteristic(b), Is.EqualTo(2));
        Assert.That(a.Name, Is.EqualTo("a"));
    }

    [Test]
    public void Extract_LabelTouchingGridBorder_IsClosed()
    {
        var geometry = ImageGeometry.Axial(new Int3(5, 6, 7), new Vec3(1, 2, 3), Vec3.Zero);
        LabelMap map = LabelMap.Empty(geometry, MeshingShapes.Table());
        map.Labels.Voxels.Fill(1);

        Mesh mesh = SurfaceNets.Extract(map, 1);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.GreaterThan(0));
    }

    [TestCase(1, 1, -1)]
    [TestCase(-1, 1, 1)]
    public void Extract_MirroredDirection_NormalsPointOutward(int sx, int sy, int sz)
    {
        var direction = new Matrix3(sx, 0, 0, 0, sy, 0, 0, 0, sz);
        // The grid origin moves so the sphere centre stays inside the mirrored grid.
        var geometry = MeshingShapes.SphereGrid(direction) with { OriginMm = new Vec3(sx * -25.2, sy * -25.2, sz * -26.25) };
        LabelMap map = MeshingShapes.Fill(geometry, p => p.Length <= RadiusMm);

        Mesh mesh = SurfaceNets.Extract(map, 1);

        double analytic = 4.0 / 3.0 * Math.PI * RadiusMm * RadiusMm * RadiusMm;
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.EqualTo(analytic).Within(3).Percent);
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        AssertNormalsPointAwayFrom(mesh, Vec3.Zero);
    }

    [Test]
    public void Extract_RotatedDirection_NormalsPointOutward()
    {
        double c = Math.Cos(0.5), s = Math.Sin(0.5);
        var direction = new Matrix3(c, -s, 0, s, c, 0, 0, 0, 1);
        var geometry = MeshingShapes.SphereGrid(direction);
        Vec3 centre = geometry.IndexToPatient(31.5, 31.5, 17.5);
        LabelMap map = MeshingShapes.Fill(geometry, p => (p - centre).Length <= RadiusMm);

        Mesh mesh = SurfaceNets.Extract(map, 1);

        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.GreaterThan(0));
        AssertNormalsPointAwayFrom(mesh, centre);
    }

    [Test]
    public void Extract_EmptyLabel_GivesEmptyMesh()
    {
        LabelMap map = LabelMap.Empty(ImageGeometry.Axial(new Int3(8, 8, 8), new Vec3(1, 1, 1), Vec3.Zero), MeshingShapes.Table());

        Mesh mesh = SurfaceNets.Extract(map, 1);

        Assert.That(mesh.TriangleCount, Is.Zero);
        Assert.That(mesh.VertexCount, Is.Zero);
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.Zero);
    }

    [Test]
    public void Extract_StepTwo_ReducesTrianglesAndStaysClosed()
    {
        LabelMap map = Sphere(Matrix3.Identity, Vec3.Zero);

        Mesh full = SurfaceNets.Extract(map, 1), half = SurfaceNets.Extract(map, 1, step: 2);

        Assert.That(half.TriangleCount, Is.LessThan(full.TriangleCount / 3));
        Assert.That(MeshMetrics.IsWatertight(half), Is.True);
        double analytic = 4.0 / 3.0 * Math.PI * RadiusMm * RadiusMm * RadiusMm;
        Assert.That(MeshMetrics.EnclosedVolumeMm3(half), Is.EqualTo(analytic).Within(8).Percent);
    }

    private static void AssertNormalsPointAwayFrom(Mesh mesh, Vec3 centre)
    {
        float[] n = MeshNormals.Compute(mesh);
        int outward = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            var radial = new Vec3(mesh.PositionsMm[3 * v] - centre.X, mesh.PositionsMm[3 * v + 1] - centre.Y, mesh.PositionsMm[3 * v + 2] - centre.Z);
            if (Vec3.Dot(radial, new Vec3(n[3 * v], n[3 * v + 1], n[3 * v + 2])) > 0) outward++;
        }
        Assert.That(outward, Is.EqualTo(mesh.VertexCount), "every vertex normal should point away from the sphere centre");
    }
}
