using System.Diagnostics;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Bugs;

/// <summary>
/// Regression: an integer-HU volume whose samples hit the iso-value exactly made marching cubes put several
/// vertices on one sample (coincident vertices, zero-area triangles), and decimating that mesh did not finish
/// (a 1M-triangle sphere ran past 6 minutes).
/// </summary>
public class ExactIsoSamplesStalledDecimationTests
{
    /// <summary>A sphere of radius 55 mm on a 1 mm grid in 50 HU steps: every sample within half a mm of the surface is exactly 300 HU.</summary>
    private static Volume<short> TerracedSphere()
    {
        const int n = 124;
        var geometry = ImageGeometry.Axial(new Int3(n, n, n), new Vec3(1, 1, 1), new Vec3(-61.5, -61.5, -61.5));
        var ct = new Volume<short>(geometry);
        for (int k = 0; k < n; k++)
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                {
                    double sdf = geometry.IndexToPatient(i, j, k).Length - 55;
                    ct[i, j, k] = (short)Math.Clamp(300 - 50 * Math.Round(sdf), -1000, 2000);
                }
        return ct;
    }

    private static double TwiceArea(Mesh m, int t)
    {
        float[] p = m.PositionsMm;
        int a = 3 * m.Indices[3 * t], b = 3 * m.Indices[3 * t + 1], c = 3 * m.Indices[3 * t + 2];
        double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
        double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        return Math.Sqrt(nx * nx + ny * ny + nz * nz);
    }

    [Test]
    public void MarchingCubes_SamplesExactlyAtIso_WatertightWithoutZeroAreaTriangles()
    {
        Mesh mesh = MarchingCubes.Extract(TerracedSphere(), 300, "sphere", [1f, 1f, 1f]);

        Assert.That(mesh.TriangleCount, Is.GreaterThan(80_000));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        // 1e-8 mm² is far below any real marching-cubes triangle on a 1 mm grid (a sliver pinned 0.01 voxel from a sample is ~1e-4 mm²).
        int degenerate = Enumerable.Range(0, mesh.TriangleCount).Count(t => TwiceArea(mesh, t) < 2e-8);
        Assert.That(degenerate, Is.Zero, "zero-area triangles");
    }

    /// <summary>
    /// The marching-cubes mesh as it was before crossings kept their gap from samples: every vertex within 1/128
    /// voxel of a sample (samples lie at half-integer mm here) moved onto it, giving coincident vertices and
    /// zero-area triangles again, to test decimation on degenerate input.
    /// </summary>
    private static Mesh Degenerate(Mesh mesh)
    {
        float[] p = (float[])mesh.PositionsMm.Clone();
        for (int n = 0; n < p.Length; n++)
        {
            double sample = Math.Floor(p[n]) + 0.5;
            if (Math.Abs(p[n] - sample) < 1.0 / 128) p[n] = (float)sample;
        }
        return new Mesh(mesh.Name, mesh.Color, p, mesh.Indices);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Decimate_MarchingCubesOfExactIsoSamplesToTenPercent_FinishesWithinFiveSecondsAndStaysClosed(bool degenerate)
    {
        Mesh source = MarchingCubes.Extract(TerracedSphere(), 300, "sphere", [1f, 1f, 1f]);
        if (degenerate)
        {
            source = Degenerate(source);
            Assert.That(Enumerable.Range(0, source.TriangleCount).Count(t => TwiceArea(source, t) == 0), Is.GreaterThan(10_000), "the degenerate input has zero-area triangles");
        }
        int target = source.TriangleCount / 10;

        var clock = Stopwatch.StartNew();
        var run = Task.Run(() => MeshDecimation.Decimate(source, target));
        bool finished = run.Wait(TimeSpan.FromSeconds(5));

        Assert.That(finished, Is.True, $"decimating {source.TriangleCount:N0} triangles to {target:N0} ran past 5 s");
        Mesh mesh = run.Result;
        TestContext.Out.WriteLine($"{source.TriangleCount:N0} -> {mesh.TriangleCount:N0} in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.That(mesh.TriangleCount, Is.LessThanOrEqualTo(target).And.GreaterThan(target * 9 / 10));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
    }
}
