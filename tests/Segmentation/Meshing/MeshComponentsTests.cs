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
        // The voxel volume of each sphere (the smoothed surface keeps it within 1 %, issue 5).
        double voxel = geometry.VoxelVolumeMm3;
        double[] voxels = [0, 0];
        for (int k = 0; k < 30; k++)
            for (int j = 0; j < 40; j++)
                for (int i = 0; i < 64; i++)
                    if (map.Labels[i, j, k] == 1) voxels[geometry.IndexToPatient(i, j, k).X < 0 ? 0 : 1] += voxel;
        for (int n = 0; n < 2; n++)
        {
            Assert.That(MeshMetrics.IsWatertight(parts[n]), Is.True);
            Assert.That(MeshMetrics.EulerCharacteristic(parts[n]), Is.EqualTo(2));
            Assert.That(parts[n].Normals, Has.Length.EqualTo(parts[n].VertexCount * 3), "normals carried over");
            // Tolerance: 2 % of the voxel volume (the 6 mm sphere is only 15 voxels across in x, so its surface is rough).
            Assert.That(MeshMetrics.EnclosedVolumeMm3(parts[n]), Is.EqualTo(voxels[n]).Within(2).Percent);
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
