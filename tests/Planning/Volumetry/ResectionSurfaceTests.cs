using SurgicalNav.Imaging;
using SurgicalNav.Planning.Volumetry;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Volumetry;

public class ResectionSurfaceTests
{
    private const byte Liver = 4;
    private static readonly Vec3 Centre = new(40, 40, 40);
    private const double Radius = 30;

    private static LabelMap SphereLiver()
    {
        LabelMap map = PlanningScenes.Empty();
        PlanningScenes.Paint(map, p => (p - Centre).Length <= Radius, Liver);
        return map;
    }

    /// <summary>Control points on the paraboloid z = c0 + k (x² + y²) about the sphere centre, on a grid of spacing 7.5 mm out to 37.5 mm.</summary>
    private static List<Vec3> ParaboloidPoints(double c0, double k)
    {
        var points = new List<Vec3>();
        for (double x = -37.5; x <= 37.5; x += 7.5)
        for (double y = -37.5; y <= 37.5; y += 7.5) points.Add(Centre + new Vec3(x, y, c0 + k * (x * x + y * y)));
        return points;
    }

    [TestCase(-5.0, 0.02)]
    [TestCase(8.0, 0.01)]
    [TestCase(-15.0, 0.03)]
    public void CutSurface_SphereCutByParaboloid_RemnantWithin2PercentOfClosedForm(double c0, double k)
    {
        // Resected: the part of the sphere above z = c0 + k r² (cylindrical r about the centre), r up to r* where the
        // paraboloid meets the sphere: V = 2π [ (R³ - (R² - r*²)^1.5) / 3 - c0 r*² / 2 - k r*⁴ / 4 ].
        double lo = 0, hi = Radius;
        for (int n = 0; n < 100; n++)
        {
            double mid = (lo + hi) / 2;
            if (c0 + k * mid * mid < Math.Sqrt(Radius * Radius - mid * mid)) lo = mid; else hi = mid;
        }
        double rs = lo, whole = 4.0 / 3 * Math.PI * Math.Pow(Radius, 3);
        double resected = 2 * Math.PI * ((Math.Pow(Radius, 3) - Math.Pow(Radius * Radius - rs * rs, 1.5)) / 3 - c0 * rs * rs / 2 - k * Math.Pow(rs, 4) / 4);
        double expectedMl = (whole - resected) / 1000;

        ResectionResult r = OrganVolumetry.CutSurface(SphereLiver(), "liver", new ResectionSurface(ParaboloidPoints(c0, k), new Vec3(0, 0, 1)));

        Assert.That(r.RemnantMl, Is.EqualTo(expectedMl).Within(0.02 * expectedMl));
        Assert.That(r.RemnantPercent, Is.EqualTo(100 * (whole - resected) / whole).Within(2));
        Assert.That(r.RemnantMl + r.ResectedMl, Is.EqualTo(r.FunctionalMl).Within(1e-9));
        Assert.That(r.ControlPoints, Is.EqualTo(121));
    }

    [Test]
    public void HeightAboveMm_AtEveryControlPoint_ZeroWithin1Micron()
    {
        var points = new List<Vec3> { new(0, 0, 3), new(20, 0, -4), new(0, 25, 7), new(18, 22, 1), new(-10, 9, 12), new(7, -14, -2) };
        var surface = new ResectionSurface(points, new Vec3(0.1, -0.2, 1));

        foreach (Vec3 p in points) Assert.That(surface.HeightAboveMm(p), Is.EqualTo(0).Within(1e-3));
        Assert.That(surface.HeightAboveMm(points[0] + surface.Direction * 5), Is.EqualTo(5).Within(1e-6), "5 mm along the direction is 5 mm above");
    }

    [Test]
    public void CutSurface_ThreePoints_SameAsTheirPlane()
    {
        Vec3 a = Centre + new Vec3(-10, -50, -50), b = Centre + new Vec3(-10, 50, -50), c = Centre + new Vec3(12, 0, 50);
        Vec3 normal = Vec3.Cross(b - a, c - a).Normalized();
        if (normal.X < 0) normal = -normal;

        ResectionResult curved = OrganVolumetry.CutSurface(SphereLiver(), "liver", new ResectionSurface([a, b, c], normal));
        ResectionResult plane = OrganVolumetry.CutPlane(SphereLiver(), "liver", a, normal);

        // Voxel centres that lie on the plane itself may fall either way by rounding: 0.2% allowed.
        Assert.That(curved.RemnantMl, Is.EqualTo(plane.RemnantMl).Within(0.002 * plane.RemnantMl));
    }

    [Test]
    public void Constructor_TwoPoints_ThrowsNeedsThree()
    {
        var e = Assert.Throws<PlanningException>(() => _ = new ResectionSurface([new Vec3(0, 0, 0), new Vec3(1, 0, 0)], new Vec3(0, 0, 1)));
        Assert.That(e!.Message, Does.Contain("at least 3 control points"));
    }

    [Test]
    public void Constructor_CollinearPoints_ThrowsAddAPointOffTheLine()
    {
        var e = Assert.Throws<PlanningException>(() => _ = new ResectionSurface([new Vec3(0, 0, 0), new Vec3(10, 0, 3), new Vec3(20, 0, -1)], new Vec3(0, 0, 1)));
        Assert.That(e!.Message, Does.Contain("one line"));
    }

    [Test]
    public void Constructor_TwoPointsOnOneLineAlongTheDirection_ThrowsMoveOneSideways()
    {
        var e = Assert.Throws<PlanningException>(() => _ = new ResectionSurface([new Vec3(0, 0, 0), new Vec3(0, 0, 10), new Vec3(20, 0, 0), new Vec3(0, 20, 0)], new Vec3(0, 0, 1)));
        Assert.That(e!.Message, Does.Contain("move one sideways"));
    }

    [Test]
    public void Constructor_ZeroDirection_Throws()
    {
        var e = Assert.Throws<PlanningException>(() => _ = new ResectionSurface([new Vec3(0, 0, 0), new Vec3(10, 0, 0), new Vec3(0, 10, 0)], Vec3.Zero));
        Assert.That(e!.Message, Does.Contain("direction is zero"));
    }
}
