using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class MeshSmoothingTests
{
    private static readonly MeshingOptions Raw = new() { MaxTriangles = 0, SmoothingIterations = 0 };

    private static Mesh Voxelised(Func<Vec3, bool> inside) =>
        LabelMeshes.Build(MeshingShapes.Fill(MeshingShapes.SphereGrid(Matrix3.Identity), inside), Raw).Single();

    [Test]
    public void WindowedSinc_TorusAndEllipsoid_VolumeChangesUnderOnePercentAndStaysClosed()
    {
        Mesh torus = Voxelised(p =>
        {
            double ring = Math.Sqrt(p.X * p.X + p.Y * p.Y) - 15;
            return ring * ring + p.Z * p.Z <= 36;
        });
        Mesh ellipsoid = Voxelised(p => p.X * p.X / 484 + p.Y * p.Y / 225 + p.Z * p.Z / 144 <= 1);

        foreach (Mesh raw in new[] { torus, ellipsoid })
        {
            Mesh smooth = MeshSmoothing.WindowedSinc(raw, 20, 0.1);

            double before = MeshMetrics.EnclosedVolumeMm3(raw), after = MeshMetrics.EnclosedVolumeMm3(smooth);
            Assert.That(Math.Abs(after - before) / before, Is.LessThan(0.01), $"{raw.Name}: {before:F0} -> {after:F0} mm³");
            Assert.That(MeshMetrics.IsWatertight(smooth), Is.True);
            // It does smooth: the surface-nets terraces flatten, so the area drops by over 1 %.
            Assert.That(MeshMetrics.SurfaceAreaMm2(smooth), Is.LessThan(0.99 * MeshMetrics.SurfaceAreaMm2(raw)));
        }
    }

    [Test]
    public void WindowedSinc_PassBandOutOfRange_ThrowsNamingIt()
    {
        Mesh raw = Voxelised(p => p.Length <= 8);

        Assert.That(() => MeshSmoothing.WindowedSinc(raw, 5, 2.5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("pass band"));
    }
}
