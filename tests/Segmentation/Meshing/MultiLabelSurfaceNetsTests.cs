using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class MultiLabelSurfaceNetsTests
{
    // Anisotropic grid 0.8 x 0.8 x 1.5 mm: half a voxel diagonal is 0.5 * |(0.8, 0.8, 1.5)| = 0.94 mm.
    private static readonly double HalfDiagonalMm = 0.5 * new Vec3(0.8, 0.8, 1.5).Length;
    private static readonly MeshingOptions Full = new() { MaxTriangles = 0 };

    private static Mesh Only(LabelMap map, MeshingOptions? options = null) => LabelMeshes.Build(map, options ?? Full).Single();

    private static double WorstDistance(Mesh mesh, Func<Vec3, double> distance)
    {
        double worst = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            worst = Math.Max(worst, Math.Abs(distance(new Vec3(mesh.PositionsMm[3 * v], mesh.PositionsMm[3 * v + 1], mesh.PositionsMm[3 * v + 2]))));
        }
        return worst;
    }

    [Test]
    public void Build_AnisotropicSphere_ClosedManifoldWithinHalfVoxelAndOnePercentVolume()
    {
        LabelMap map = MeshingShapes.Fill(MeshingShapes.SphereGrid(Matrix3.Identity), p => p.Length <= 20);
        Mesh raw = Only(map, Full with { SmoothingIterations = 0 });
        Mesh mesh = Only(map);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        double analytic = 4.0 / 3.0 * Math.PI * 8000;
        double volume = MeshMetrics.EnclosedVolumeMm3(mesh), rawVolume = MeshMetrics.EnclosedVolumeMm3(raw);
        Assert.That(Math.Abs(volume - analytic) / analytic, Is.LessThan(0.01), $"{volume:F0} vs analytic {analytic:F0} mm³");
        Assert.That(Math.Abs(volume - rawVolume) / rawVolume, Is.LessThan(0.01), $"smoothing changed {rawVolume:F0} to {volume:F0} mm³");
        Assert.That(WorstDistance(mesh, p => p.Length - 20), Is.LessThan(HalfDiagonalMm));
    }

    [Test]
    public void Build_AnisotropicEllipsoid_ClosedManifoldWithinHalfVoxelAndOnePercentVolume()
    {
        const double ra = 22, rb = 15, rc = 12;
        double F(Vec3 p) => p.X * p.X / (ra * ra) + p.Y * p.Y / (rb * rb) + p.Z * p.Z / (rc * rc);
        LabelMap map = MeshingShapes.Fill(MeshingShapes.SphereGrid(Matrix3.Identity), p => F(p) <= 1);

        Mesh mesh = Only(map);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        double analytic = 4.0 / 3.0 * Math.PI * ra * rb * rc, volume = MeshMetrics.EnclosedVolumeMm3(mesh);
        Assert.That(Math.Abs(volume - analytic) / analytic, Is.LessThan(0.01), $"{volume:F0} vs analytic {analytic:F0} mm³");
        // First-order distance to the level set F = 1: (F - 1) / |∇F|.
        double worst = WorstDistance(mesh, p =>
        {
            var g = new Vec3(2 * p.X / (ra * ra), 2 * p.Y / (rb * rb), 2 * p.Z / (rc * rc));
            return (F(p) - 1) / g.Length;
        });
        Assert.That(worst, Is.LessThan(HalfDiagonalMm));
    }

    [Test]
    public void Build_Torus_GenusOneClosedManifold()
    {
        var geometry = new ImageGeometry(new Int3(64, 64, 28), new Vec3(0.9, 0.9, 1.3), new Vec3(-28.35, -28.35, -17.55), Matrix3.Identity);
        const double major = 18, minor = 7;
        double Tube(Vec3 p) => Math.Sqrt(Math.Pow(Math.Sqrt(p.X * p.X + p.Y * p.Y) - major, 2) + p.Z * p.Z) - minor;
        LabelMap map = MeshingShapes.Fill(geometry, p => Tube(p) <= 0);

        Mesh mesh = Only(map);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(0));
        Assert.That(WorstDistance(mesh, Tube), Is.LessThan(0.5 * new Vec3(0.9, 0.9, 1.3).Length));
        // The tube is only about 11 voxels across in z: the mesh must match the voxel volume within 1 % and the
        // analytic volume within 3 %.
        double analytic = 2 * Math.PI * Math.PI * major * minor * minor, volume = MeshMetrics.EnclosedVolumeMm3(mesh);
        double voxels = map.Histogram()[1] * geometry.VoxelVolumeMm3;
        Assert.That(Math.Abs(volume - voxels) / voxels, Is.LessThan(0.01), $"{volume:F0} vs voxels {voxels:F0} mm³");
        Assert.That(Math.Abs(volume - analytic) / analytic, Is.LessThan(0.03), $"{volume:F0} vs analytic {analytic:F0} mm³");
    }

    [Test]
    public void Build_TwoTouchingSpheres_EachClosedAndInterfaceShared()
    {
        var a = new Vec3(-9, 0, 0);
        var b = new Vec3(9, 0, 0);
        LabelMap map = MeshingShapes.Fill(MeshingShapes.SphereGrid(Matrix3.Identity), p => (p - a).Length <= 11 && p.X < 0);
        Int3 d = map.Geometry.Dimensions;
        for (int k = 0; k < d.Z; k++)
            for (int j = 0; j < d.Y; j++)
                for (int i = 0; i < d.X; i++)
                {
                    Vec3 p = map.Geometry.IndexToPatient(i, j, k);
                    if ((p - b).Length <= 11 && p.X >= 0) map.Labels[i, j, k] = 2;
                }

        IReadOnlyList<Mesh> meshes = LabelMeshes.Build(map, Full);

        Assert.That(meshes, Has.Count.EqualTo(2));
        foreach (Mesh m in meshes)
        {
            Assert.That(MeshMetrics.IsWatertight(m), Is.True, m.Name);
            Assert.That(MeshMetrics.EulerCharacteristic(m), Is.EqualTo(2), m.Name);
        }
        // The flat contact disc at x = 0 is meshed once and used by both: every triangle of a that lies on it
        // appears in b with the same corner positions, bit for bit, and opposite winding.
        var bTriangles = new HashSet<string>();
        Mesh mb = meshes[1], ma = meshes[0];
        for (int t = 0; t < mb.TriangleCount; t++) bTriangles.Add(Key(mb, t, reverse: true));
        int shared = 0;
        for (int t = 0; t < ma.TriangleCount; t++) if (bTriangles.Contains(Key(ma, t, reverse: false))) shared++;
        // The contact disc has radius sqrt(11² - 9²) = 6.3 mm: about π 6.3² / (0.8 · 1.5) ≈ 100 voxel faces, 2 triangles each.
        Assert.That(shared, Is.GreaterThan(100));
    }

    private static string Key(Mesh m, int t, bool reverse)
    {
        int[] order = reverse ? [0, 2, 1] : [0, 1, 2];
        var corners = new string[3];
        for (int k = 0; k < 3; k++)
        {
            int v = m.Indices[3 * t + order[k]];
            corners[k] = $"{m.PositionsMm[3 * v]:R},{m.PositionsMm[3 * v + 1]:R},{m.PositionsMm[3 * v + 2]:R}";
        }
        // Rotate so the smallest corner comes first; winding is kept.
        int first = Enumerable.Range(0, 3).MinBy(k => corners[k], StringComparer.Ordinal);
        return $"{corners[first]}|{corners[(first + 1) % 3]}|{corners[(first + 2) % 3]}";
    }

    [TestCase(1, 1, 0)]
    [TestCase(1, 1, 1)]
    public void Build_VoxelsTouchingOnlyAlongEdgeOrCorner_TwoClosedManifoldParts(int dx, int dy, int dz)
    {
        var geometry = ImageGeometry.Axial(new Int3(6, 6, 6), new Vec3(1, 1, 1), Vec3.Zero);
        LabelMap map = LabelMap.Empty(geometry, MeshingShapes.Table());
        map.Labels[2, 2, 2] = 1;
        map.Labels[2 + dx, 2 + dy, 2 + dz] = 1;

        Mesh mesh = Only(map, Full with { SmoothingIterations = 0 });

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(4), "two separate spheres");
    }

    [Test]
    public void Build_OneVoxelThickSheet_ClosedManifold()
    {
        var geometry = ImageGeometry.Axial(new Int3(20, 20, 9), new Vec3(0.7, 0.7, 2.5), Vec3.Zero);
        LabelMap map = LabelMap.Empty(geometry, MeshingShapes.Table());
        for (int j = 3; j < 17; j++) for (int i = 3; i < 17; i++) map.Labels[i, j, 4] = 1;

        Mesh mesh = Only(map);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.GreaterThan(0));
    }

    [Test]
    public void Build_255SegmentsInBlocks_EveryMeshClosedManifold()
    {
        // A byte label map holds at most 255 segments (values 1..255); "65k segments" cannot occur in it.
        var geometry = ImageGeometry.Axial(new Int3(48, 48, 24), new Vec3(1, 1, 2), Vec3.Zero);
        var table = new SegmentTable(Enumerable.Range(1, 255).Select(v => new SegmentInfo((byte)v, $"s{v}", [0.5f, 0.5f, 0.5f])));
        LabelMap map = LabelMap.Empty(geometry, table);
        for (int k = 0; k < 24; k++)
            for (int j = 0; j < 48; j++)
                for (int i = 0; i < 48; i++)
                    map.Labels[i, j, k] = (byte)(1 + ((i / 3 * 7 + j / 3 * 13 + k / 2 * 29) % 255));

        IReadOnlyList<Mesh> meshes = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = 0, SmoothingIterations = 2 });

        Assert.That(meshes, Has.Count.EqualTo(255));
        foreach (Mesh m in meshes) Assert.That(MeshMetrics.IsWatertight(m), Is.True, m.Name);
    }
}
