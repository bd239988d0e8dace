using System.Buffers.Binary;
using System.Globalization;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering.Tests;

public class StlObjWriterTests
{
    // A tetrahedron in mm with outward winding.
    private static Mesh Tetra() => new("left kidney", [0.5f, 0.25f, 1f], [0, 0, 0, 30, 0, 0, 0, 20, 0, 0, 0, 10], [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);

    [Test]
    public void Write_Tetrahedron_BinaryStlInMmWithUnitOutwardNormals()
    {
        using var stream = new MemoryStream();

        StlWriter.Write(Tetra(), stream);
        byte[] stl = stream.ToArray();

        Assert.That(stl.Length, Is.EqualTo(84 + 4 * 50));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(stl.AsSpan(80)), Is.EqualTo(4u));
        float F(int triangle, int n) => BinaryPrimitives.ReadSingleLittleEndian(stl.AsSpan(84 + 50 * triangle + 4 * n));
        // Second triangle (0, 1, 3) lies in the plane y = 0 and faces -y; its second corner is (30, 0, 0) mm.
        Assert.That(new[] { F(1, 0), F(1, 1), F(1, 2) }, Is.EqualTo(new[] { 0f, -1f, 0f }).Within(1e-6f));
        Assert.That(new[] { F(1, 6), F(1, 7), F(1, 8) }, Is.EqualTo(new[] { 30f, 0f, 0f }));
    }

    [Test]
    public void WriteFiles_Tetrahedron_ObjAndMtlInMmWithSegmentColour()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"surgicalnav-obj-{Guid.NewGuid():N}");
        try
        {
            string obj = ObjWriter.WriteFiles(Tetra(), directory, ObjWriter.SafeName("left kidney"));

            Assert.That(Path.GetFileName(obj), Is.EqualTo("left_kidney.obj"));
            string[] lines = File.ReadAllLines(obj);
            Assert.That(lines, Does.Contain("mtllib left_kidney.mtl").And.Contain("usemtl left_kidney"));
            var vertices = lines.Where(l => l.StartsWith("v ", StringComparison.Ordinal)).Select(l => l[2..].Split(' ').Select(x => float.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToList();
            Assert.That(vertices, Has.Count.EqualTo(4));
            Assert.That(vertices[1], Is.EqualTo(new[] { 30f, 0f, 0f }));
            Assert.That(lines.Where(l => l.StartsWith("f ", StringComparison.Ordinal)), Is.EqualTo(new[] { "f 1 3 2", "f 1 2 4", "f 1 4 3", "f 2 3 4" }));
            Assert.That(File.ReadAllLines(Path.Combine(directory, "left_kidney.mtl")), Does.Contain("Kd 0.5 0.25 1"));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
