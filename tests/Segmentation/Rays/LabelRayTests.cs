using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Rays;
using SurgicalNav.Segmentation.Tests.Masks;

namespace SurgicalNav.Segmentation.Tests.Rays;

public class LabelRayTests
{
    private const byte Liver = 4, Tumor = 5;

    [Test]
    public void Cross_AxisRayThroughNestedBoxes_EntersAndLeavesOnVoxelFaces()
    {
        Volume<byte> labels = MaskBuilder.Empty(40, 20, 20);
        MaskBuilder.Box(labels, new Int3(10, 0, 0), new Int3(29, 19, 19), Liver);
        MaskBuilder.Box(labels, new Int3(15, 3, 3), new Int3(19, 7, 7), Tumor);

        var crossings = LabelRay.Cross(new LabelMap(labels, SegmentTable.Abdomen()), new Vec3(-5, 5, 5), new Vec3(2, 0, 0));

        // Voxel i covers [i - 0.5, i + 0.5] mm; the ray starts at x = -5, so a face at x lies x + 5 mm along it.
        Assert.That(crossings.Select(c => c.Segment), Is.EqualTo(new[] { "liver", "tumor", "liver" }));
        Assert.That(crossings.Select(c => c.EnterMm), Is.EqualTo(new[] { 14.5, 19.5, 24.5 }).Within(1e-9));
        Assert.That(crossings.Select(c => c.ExitMm), Is.EqualTo(new[] { 19.5, 24.5, 34.5 }).Within(1e-9));
    }

    [Test]
    public void Cross_ObliqueRaysOnATurnedAnisotropicGrid_AgreeWithDenseSampling()
    {
        // A grid turned 30° about z with 0.7 x 0.9 x 2.5 mm voxels, a liver ball holding a tumour ball.
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var geometry = new ImageGeometry(new Int3(60, 50, 20), new Vec3(0.7, 0.9, 2.5), new Vec3(-10, 4, -3),
            Matrix3.FromColumns(new Vec3(c, s, 0), new Vec3(-s, c, 0), new Vec3(0, 0, 1)));
        var map = LabelMap.Empty(geometry, SegmentTable.Abdomen());
        Vec3 centre = geometry.IndexToPatient(30, 25, 10);
        for (int k = 0; k < 20; k++) for (int j = 0; j < 50; j++) for (int i = 0; i < 60; i++)
        {
            double r = (geometry.IndexToPatient(i, j, k) - centre).Length;
            if (r <= 8) map.Labels[i, j, k] = Tumor;
            else if (r <= 16) map.Labels[i, j, k] = Liver;
        }
        var random = new Random(7);
        int checkedRuns = 0;
        for (int n = 0; n < 40; n++)
        {
            Vec3 direction = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5).Normalized();
            Vec3 aim = centre + new Vec3(random.NextDouble() * 16 - 8, random.NextDouble() * 16 - 8, random.NextDouble() * 10 - 5);
            Vec3 origin = aim - direction * 60;

            var crossings = LabelRay.Cross(map, origin, direction);
            var sampled = SampledRuns(map, origin, direction, 120, 0.002);

            // Every stretch the dense sampling finds longer than 0.05 mm is a crossing, with faces within a sample.
            var runs = sampled.Where(r => r.Exit - r.Enter > 0.05).ToList();
            foreach (var run in runs)
            {
                SegmentCrossing? match = crossings.FirstOrDefault(x => x.Segment == run.Segment && Math.Abs(x.EnterMm - run.Enter) < 0.01);
                Assert.That(match, Is.Not.Null, $"ray {n}: {run.Segment} sampled from {run.Enter:0.000} to {run.Exit:0.000} mm has no crossing; got {string.Join(", ", crossings)}");
                Assert.That(match!.ExitMm, Is.EqualTo(run.Exit).Within(0.01), $"ray {n}: exit of {run.Segment}");
                checkedRuns++;
            }
            foreach (SegmentCrossing x in crossings.Where(x => x.ExitMm - x.EnterMm > 0.05))
                Assert.That(runs.Any(r => r.Segment == x.Segment && Math.Abs(r.Enter - x.EnterMm) < 0.01), Is.True, $"ray {n}: crossing {x} is not in the sampled runs");
        }
        Assert.That(checkedRuns, Is.GreaterThan(40), "the rays crossed liver and tumour");
    }

    [Test]
    public void Cross_RayBesideTheImage_ReturnsNoCrossing()
    {
        Volume<byte> labels = MaskBuilder.Empty(10, 10, 10);
        MaskBuilder.Box(labels, new Int3(0, 0, 0), new Int3(9, 9, 9), Liver);

        Assert.That(LabelRay.Cross(new LabelMap(labels, SegmentTable.Abdomen()), new Vec3(-5, 20, 5), new Vec3(1, 0, 0)), Is.Empty);
    }

    [Test]
    public void Cross_OriginInsideASegment_StartsTheCrossingAtZero()
    {
        Volume<byte> labels = MaskBuilder.Empty(10, 10, 10);
        MaskBuilder.Box(labels, new Int3(0, 0, 0), new Int3(9, 9, 9), Liver);

        var crossing = LabelRay.Cross(new LabelMap(labels, SegmentTable.Abdomen()), new Vec3(5, 5, 5), new Vec3(0, 0, -1)).Single();

        Assert.That((crossing.EnterMm, crossing.ExitMm), Is.EqualTo((0.0, 5.5)));
    }

    [Test]
    public void Cross_ZeroDirection_ThrowsNamingTheDirection()
    {
        var map = new LabelMap(MaskBuilder.Empty(4, 4, 4), SegmentTable.Abdomen());

        var e = Assert.Throws<ArgumentException>(() => LabelRay.Cross(map, Vec3.Zero, Vec3.Zero));

        Assert.That(e!.Message, Does.Contain("direction").And.Contain("no length"));
    }

    /// <summary>Label runs along the ray by nearest-voxel samples every <paramref name="stepMm"/>, as (segment, enter, exit) mm.</summary>
    private static List<(string Segment, double Enter, double Exit)> SampledRuns(LabelMap map, Vec3 origin, Vec3 direction, double lengthMm, double stepMm)
    {
        var runs = new List<(string, double, double)>();
        byte current = 0;
        double start = 0;
        for (double t = 0; t <= lengthMm; t += stepMm)
        {
            Int3? v = map.Geometry.NearestVoxel(origin + direction * t);
            byte label = v is Int3 q ? map.Labels[q.X, q.Y, q.Z] : (byte)0;
            if (label == current) continue;
            if (current != 0) runs.Add((map.Segments.ByValue(current)!.Name, start, t - stepMm / 2));
            current = label;
            start = t - stepMm / 2;
        }
        return runs;
    }
}
