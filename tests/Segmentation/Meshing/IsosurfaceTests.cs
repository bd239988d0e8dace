using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class IsosurfaceTests
{
    // HU falls linearly with the distance from the centre, 100 HU per mm, crossing 300 HU at radius r.
    private static Volume<short> RadialCt(double radiusMm, Vec3 spacing)
    {
        var geometry = ImageGeometry.Axial(new Int3(48, 44, 30), spacing, new Vec3(-23.5 * spacing.X, -21.5 * spacing.Y, -14.5 * spacing.Z));
        var ct = new Volume<short>(geometry);
        for (int k = 0; k < 30; k++)
            for (int j = 0; j < 44; j++)
                for (int i = 0; i < 48; i++)
                    ct[i, j, k] = (short)Math.Clamp(Math.Round(300 + 100 * (radiusMm - geometry.IndexToPatient(i, j, k).Length)), -1024, 3000);
        return ct;
    }

    [Test]
    public void Extract_RadialField_ClosedSphereOnTheInterpolatedIsoLevel()
    {
        Volume<short> ct = RadialCt(12, new Vec3(0.8, 0.9, 1.25));

        Mesh mesh = Isosurface.Extract(ct, 300, "bone", [1f, 1f, 1f]);

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        // Marching-cubes vertices sit on the edge crossings, exact on a radial field up to the 0.5 HU rounding
        // (0.005 mm) and the field's curvature along an edge (under 0.05 mm here); allow 0.1 mm (a twelfth of a voxel).
        double worst = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            var p = new Vec3(mesh.PositionsMm[3 * v], mesh.PositionsMm[3 * v + 1], mesh.PositionsMm[3 * v + 2]);
            worst = Math.Max(worst, Math.Abs(p.Length - 12));
        }
        Assert.That(worst, Is.LessThan(0.1));
        double volume = MeshMetrics.EnclosedVolumeMm3(mesh), sphere = 4.0 / 3.0 * Math.PI * 1728;
        Assert.That(Math.Abs(volume - sphere) / sphere, Is.LessThan(0.02), $"{volume:F0} vs {sphere:F0} mm³ (outward winding gives a positive volume)");
    }

    [Test]
    public void Extract_SameVolumeTwice_IdenticalOutput()
    {
        Volume<short> ct = RadialCt(15, new Vec3(1, 1, 1));

        Mesh a = Isosurface.Extract(ct, 300, "a", [1f, 1f, 1f]), b = Isosurface.Extract(ct, 300, "b", [1f, 1f, 1f]);

        Assert.That(b.PositionsMm, Is.EqualTo(a.PositionsMm));
        Assert.That(b.Indices, Is.EqualTo(a.Indices));
    }

    [Test]
    public void Extract_NothingReachesIso_EmptyMeshNotAnError()
    {
        Mesh mesh = Isosurface.Extract(RadialCt(5, new Vec3(1, 1, 1)), 3500, "none", [1f, 1f, 1f]);

        Assert.That(mesh.TriangleCount, Is.Zero);
    }

    [Test]
    public void Extract_NaNIso_ThrowsNamingTheIsoValue()
    {
        Assert.That(() => Isosurface.Extract(RadialCt(5, new Vec3(1, 1, 1)), double.NaN, "x", [1f, 1f, 1f]),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("iso-value"));
    }
}
