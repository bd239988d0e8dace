using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class MeshMetricsTests
{
    // Unit tetrahedron with outward counter-clockwise faces.
    private static Mesh Tetrahedron() => new("t", [1f, 1f, 1f], [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);

    [Test]
    public void EnclosedVolumeMm3_UnitTetrahedron_IsOneSixth()
    {
        Assert.That(MeshMetrics.EnclosedVolumeMm3(Tetrahedron()), Is.EqualTo(1.0 / 6.0).Within(1e-9));
    }

    [Test]
    public void SurfaceAreaMm2_UnitTetrahedron_MatchesAnalytic()
    {
        Assert.That(MeshMetrics.SurfaceAreaMm2(Tetrahedron()), Is.EqualTo(1.5 + Math.Sqrt(3) / 2).Within(1e-6));
    }

    [Test]
    public void IsWatertight_OpenSurface_False()
    {
        var open = new Mesh("o", [1f, 1f, 1f], [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 2, 1, 0, 1, 3, 0, 3, 2]);

        Assert.That(MeshMetrics.IsWatertight(open), Is.False);
        Assert.That(MeshMetrics.IsWatertight(Tetrahedron()), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(Tetrahedron()), Is.EqualTo(2));
    }
}
