using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class LabelMeshesTests
{
    [Test]
    public void Build_TwoSegmentsOnePresent_OneSmoothedMeshWithUnitNormals()
    {
        var geometry = ImageGeometry.Axial(new Int3(40, 40, 40), new Vec3(1, 1, 1), new Vec3(-19.5, -19.5, -19.5));
        LabelMap map = MeshingShapes.Fill(geometry, p => p.Length <= 12);

        IReadOnlyList<Mesh> meshes = LabelMeshes.Build(map, new MeshingOptions());

        Assert.That(meshes, Has.Count.EqualTo(1));
        Mesh mesh = meshes[0];
        Assert.That(mesh.Name, Is.EqualTo("a"));
        Assert.That(mesh.Color, Is.EqualTo(new[] { 1f, 0f, 0f }));
        Assert.That(mesh.Normals, Is.Not.Null);
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            double length = new Vec3(mesh.Normals![3 * v], mesh.Normals[3 * v + 1], mesh.Normals[3 * v + 2]).Length;
            Assert.That(length, Is.EqualTo(1).Within(1e-5));
        }
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
    }
}
