using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class MeshComponentsTests
{
    [Test]
    public void Split_TwoDisjointSpheresInOneLabel_TwoClosedPartsLargestFirst()
    {
        var geometry = ImageGeometry.Axial(new Int3(64, 40, 30), new Vec3(0.8, 0.8, 1.2), new Vec3(-25.2, -15.6, -17.4));
        LabelMap map = MeshingShapes.Fill(geometry, p => (p - new Vec3(-12, 0, 0)).Length <= 9 || (p - new Vec3(14, 0, 0)).Length <= 6);
        Mesh mesh = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = 0 }).Single();

        IReadOnlyList<Mesh> parts = MeshComponents.Split(mesh);

        Assert.That(MeshComponents.Count(mesh), Is.EqualTo(2));
        Assert.That(parts.Select(p => p.Name), Is.EqualTo(new[] { "a#1", "a#2" }));
        Assert.That(parts.Sum(p => p.TriangleCount), Is.EqualTo(mesh.TriangleCount));
        double[] analytic = [4.0 / 3.0 * Math.PI * 729, 4.0 / 3.0 * Math.PI * 216];
        for (int n = 0; n < 2; n++)
        {
            Assert.That(MeshMetrics.IsWatertight(parts[n]), Is.True);
            Assert.That(MeshMetrics.EulerCharacteristic(parts[n]), Is.EqualTo(2));
            Assert.That(parts[n].Normals, Has.Length.EqualTo(parts[n].VertexCount * 3), "normals carried over");
            // Tolerance: 3 % of the analytic volume (a 6 mm sphere is only 7.5 voxels across in x).
            Assert.That(MeshMetrics.EnclosedVolumeMm3(parts[n]), Is.EqualTo(analytic[n]).Within(3).Percent);
        }
    }

    [Test]
    public void Split_EmptyMesh_NoParts()
    {
        var empty = new Mesh("x", [1f, 1f, 1f], [], []);

        Assert.That(MeshComponents.Split(empty), Is.Empty);
        Assert.That(MeshComponents.Count(empty), Is.Zero);
    }
}
