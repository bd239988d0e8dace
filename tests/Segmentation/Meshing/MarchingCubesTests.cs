using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class MarchingCubesTests
{
    private static readonly Vec3 Spacing = new(0.7, 0.9, 1.6);

    /// <summary>HU = 300 - 100 per mm of signed distance (negative inside), so 300 HU lies on the analytic surface.</summary>
    private static Volume<short> Field(Int3 size, Vec3 spacing, Func<Vec3, double> signedDistanceMm, Matrix3? direction = null)
    {
        var centre = new Vec3((size.X - 1) * 0.5 * spacing.X, (size.Y - 1) * 0.5 * spacing.Y, (size.Z - 1) * 0.5 * spacing.Z);
        var geometry = new ImageGeometry(size, spacing, Vec3.Zero - (direction ?? Matrix3.Identity) * centre, direction ?? Matrix3.Identity);
        var ct = new Volume<short>(geometry);
        for (int k = 0; k < size.Z; k++)
            for (int j = 0; j < size.Y; j++)
                for (int i = 0; i < size.X; i++)
                    ct[i, j, k] = (short)Math.Clamp(Math.Round(300 - 100 * signedDistanceMm(geometry.IndexToPatient(i, j, k))), -1024, 3071);
        return ct;
    }

    private static Vec3 Vertex(Mesh mesh, int v) => new(mesh.PositionsMm[3 * v], mesh.PositionsMm[3 * v + 1], mesh.PositionsMm[3 * v + 2]);

    /// <summary>Largest distance from a vertex to the surface (given its distance function) and from surface samples to the nearest vertex.</summary>
    private static double Hausdorff(Mesh mesh, Func<Vec3, double> distance, IEnumerable<Vec3> surfaceSamples)
    {
        double worst = 0;
        for (int v = 0; v < mesh.VertexCount; v++) worst = Math.Max(worst, Math.Abs(distance(Vertex(mesh, v))));
        foreach (Vec3 s in surfaceSamples)
        {
            double nearest = double.MaxValue;
            for (int v = 0; v < mesh.VertexCount; v++) nearest = Math.Min(nearest, (Vertex(mesh, v) - s).Length);
            worst = Math.Max(worst, nearest);
        }
        return worst;
    }

    private static IEnumerable<(double Theta, double Phi)> Angles(int n)
    {
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) yield return (Math.PI * (a + 0.5) / n, 2 * Math.PI * b / n);
    }

    private static void AssertClosedAndTrue(Mesh mesh, long euler, double analyticVolume, double hausdorff)
    {
        double halfDiagonal = 0.5 * Spacing.Length;
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True, "every edge used twice, once each way");
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(euler));
        // Tolerance: half a voxel diagonal, 0.5 * |(0.7, 0.9, 1.6)| = 0.96 mm (the bound).
        Assert.That(hausdorff, Is.LessThan(halfDiagonal), $"Hausdorff {hausdorff:F3} mm");
        double volume = MeshMetrics.EnclosedVolumeMm3(mesh);
        // Tolerance: 1 % of the analytic volume (chords of a smooth field cut a little off convex parts).
        Assert.That(Math.Abs(volume - analyticVolume) / analyticVolume, Is.LessThan(0.01), $"{volume:F0} vs {analyticVolume:F0} mm³");
    }

    [Test]
    public void Extract_SphereFieldAnisotropic_ClosedGenusZeroWithinHalfVoxelAndOnePercentVolume()
    {
        const double r = 14;
        Func<Vec3, double> sdf = p => p.Length - r;
        Mesh mesh = MarchingCubes.Extract(Field(new Int3(48, 40, 24), Spacing, sdf), 300, "sphere", [1f, 1f, 1f]);

        double h = Hausdorff(mesh, sdf, Angles(12).Select(a => r * new Vec3(Math.Sin(a.Theta) * Math.Cos(a.Phi), Math.Sin(a.Theta) * Math.Sin(a.Phi), Math.Cos(a.Theta))));
        AssertClosedAndTrue(mesh, 2, 4.0 / 3.0 * Math.PI * r * r * r, h);
        // On a field linear along each edge the crossings are exact up to the 0.5 HU rounding; curvature adds < 0.05 mm.
        Assert.That(Enumerable.Range(0, mesh.VertexCount).Max(v => Math.Abs(sdf(Vertex(mesh, v)))), Is.LessThan(0.05));
    }

    [Test]
    public void Extract_EllipsoidFieldAnisotropic_ClosedGenusZeroWithinHalfVoxelAndOnePercentVolume()
    {
        const double a = 16, b = 11, c = 8;
        // First-order distance |F| / |grad F| of F = (x/a)² + (y/b)² + (z/c)² - 1: exact to second order near the surface.
        Func<Vec3, double> distance = p =>
        {
            double f = p.X * p.X / (a * a) + p.Y * p.Y / (b * b) + p.Z * p.Z / (c * c) - 1;
            double gx = 2 * p.X / (a * a), gy = 2 * p.Y / (b * b), gz = 2 * p.Z / (c * c);
            return f / Math.Sqrt(gx * gx + gy * gy + gz * gz);
        };
        Mesh mesh = MarchingCubes.Extract(Field(new Int3(54, 30, 16), Spacing, distance), 300, "ellipsoid", [1f, 1f, 1f]);

        double h = Hausdorff(mesh, distance, Angles(12).Select(t => new Vec3(a * Math.Sin(t.Theta) * Math.Cos(t.Phi), b * Math.Sin(t.Theta) * Math.Sin(t.Phi), c * Math.Cos(t.Theta))));
        AssertClosedAndTrue(mesh, 2, 4.0 / 3.0 * Math.PI * a * b * c, h);
    }

    [Test]
    public void Extract_TorusFieldAnisotropic_ClosedGenusOneWithinHalfVoxelAndOnePercentVolume()
    {
        const double major = 15, minor = 6;
        Func<Vec3, double> sdf = p =>
        {
            double ring = Math.Sqrt(p.X * p.X + p.Y * p.Y) - major;
            return Math.Sqrt(ring * ring + p.Z * p.Z) - minor;
        };
        Mesh mesh = MarchingCubes.Extract(Field(new Int3(66, 52, 12), Spacing, sdf), 300, "torus", [1f, 1f, 1f]);

        double h = Hausdorff(mesh, sdf, Angles(12).Select(t => new Vec3(
            (major + minor * Math.Cos(t.Phi)) * Math.Cos(2 * t.Theta), (major + minor * Math.Cos(t.Phi)) * Math.Sin(2 * t.Theta), minor * Math.Sin(t.Phi))));
        AssertClosedAndTrue(mesh, 0, 2 * Math.PI * Math.PI * major * minor * minor, h);
    }

    [TestCase(1, 0)]
    [TestCase(2, 300)]
    [TestCase(3, -100)]
    public void Extract_RandomNoise_EveryEdgeUsedTwiceInOppositeDirections(int seed, int iso)
    {
        // White noise makes every one of the 256 cases and every ambiguous face many times over.
        var rng = new Random(seed);
        var ct = new Volume<short>(ImageGeometry.Axial(new Int3(23, 17, 13), new Vec3(1, 1, 2), Vec3.Zero));
        for (int n = 0; n < ct.Data.Length; n++) ct.Data[n] = (short)rng.Next(-1000, 1000);

        Mesh mesh = MarchingCubes.Extract(ct, iso, "noise", [1f, 1f, 1f]);

        Assert.That(mesh.TriangleCount, Is.GreaterThan(5000));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        // Closed surfaces enclose the inside voxels: positive volume between the count of fully inside cells and all inside voxels.
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.GreaterThan(0));
    }

    [Test]
    public void Extract_MirroredDirection_StillWindsOutward()
    {
        var mirror = new Matrix3(-1, 0, 0, 0, 1, 0, 0, 0, 1);
        Mesh mesh = MarchingCubes.Extract(Field(new Int3(30, 30, 20), Spacing, p => p.Length - 8, mirror), 300, "s", [1f, 1f, 1f]);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        double sphere = 4.0 / 3.0 * Math.PI * 512;
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.EqualTo(sphere).Within(2).Percent);
    }

    [Test]
    public void Extract_ObjectTouchesTheImageBorder_ClosedByACapInTheOutermostVoxels()
    {
        var ct = new Volume<short>(ImageGeometry.Axial(new Int3(10, 9, 8), new Vec3(1, 1, 1), Vec3.Zero));
        Array.Fill(ct.Data, (short)1000);

        Mesh mesh = MarchingCubes.Extract(ct, 300, "box", [1f, 1f, 1f]);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        // The cap runs 1/256 voxel outside the outermost voxel centres (crossings keep that gap from samples, so the
        // box's edges and corners get no coincident vertices): a (9 + 2/256) x (8 + 2/256) x (7 + 2/256) mm box.
        const double gap = 2.0 / 256;
        Assert.That(MeshMetrics.EnclosedVolumeMm3(mesh), Is.EqualTo((9 + gap) * (8 + gap) * (7 + gap)).Within(1e-3));
    }

    [Test]
    public void Extract_IsoAboveInt16_EmptyMesh()
    {
        var ct = new Volume<short>(ImageGeometry.Axial(new Int3(4, 4, 4), new Vec3(1, 1, 1), Vec3.Zero));
        Array.Fill(ct.Data, short.MaxValue);

        Assert.That(MarchingCubes.Extract(ct, 40000, "x", [1f, 1f, 1f]).TriangleCount, Is.Zero);
    }
}
