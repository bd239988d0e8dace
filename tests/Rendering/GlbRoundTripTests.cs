using System.Buffers.Binary;
using System.Text.Json;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering.Tests;

public class GlbRoundTripTests
{
    private static LabelMap TwoBlobs()
    {
        var geometry = ImageGeometry.Axial(new Int3(40, 30, 20), new Vec3(0.8, 0.8, 1.5), new Vec3(-100, 50, -200));
        LabelMap map = LabelMap.Empty(geometry, SegmentTable.Abdomen());
        for (int k = 3; k < 15; k++)
            for (int j = 3; j < 25; j++)
                for (int i = 3; i < 35; i++)
                {
                    Vec3 p = new(i - 12, j - 14, (k - 9) * 2);
                    if (p.Length < 8) map.Labels[i, j, k] = 4;
                    else if (i > 26 && j < 12) map.Labels[i, j, k] = 5;
                }
        return map;
    }

    private static Scene TwoMeshScene(out IReadOnlyList<Mesh> meshes)
    {
        LabelMap map = TwoBlobs();
        meshes = LabelMeshes.Build(map, new MeshingOptions { SmoothingIterations = 5 });
        Scene scene = Scene.FromMeshes(meshes, map.Segments);
        scene.Meshes[1] = scene.Meshes[1] with { ColorRgba = [0.95f, 0.85f, 0.2f, 0.5f] };
        return scene;
    }

    [Test]
    public void Write_TwoMeshes_ReaderSeesValidContainerNamesCountsAndBounds()
    {
        Scene scene = TwoMeshScene(out IReadOnlyList<Mesh> meshes);
        using var stream = new MemoryStream();

        GlbWriter.Write(scene, stream);
        byte[] glb = stream.ToArray();
        GlbInfo info = GlbReader.Read(glb);

        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(glb), Is.EqualTo(0x46546C67u));
        Assert.That(info.Version, Is.EqualTo(2u));
        Assert.That(info.LengthBytes, Is.EqualTo((uint)glb.Length));
        Assert.That(glb.Length % 4, Is.Zero);
        Assert.That(info.JsonChunkLength % 4, Is.Zero);
        Assert.That(info.BinChunkOffset % 4, Is.Zero);
        Assert.That(info.BinChunkLength % 4, Is.Zero);
        Assert.That(info.Generator, Is.EqualTo("SurgicalNav"));
        Assert.That(info.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "liver", "tumor" }));
        for (int n = 0; n < meshes.Count; n++)
        {
            GlbPrimitiveInfo primitive = info.Nodes[n].Primitives.Single();
            Assert.That(primitive.VertexCount, Is.EqualTo(meshes[n].VertexCount));
            Assert.That(primitive.TriangleCount, Is.EqualTo(meshes[n].TriangleCount));
            (float[] min, float[] max) = BoundsInMetres(meshes[n]);
            Assert.That(primitive.PositionMinM, Is.EqualTo(min));
            Assert.That(primitive.PositionMaxM, Is.EqualTo(max));
        }
    }

    [Test]
    public void Write_TwoMeshes_JsonHasMaterialsExtrasAndAlignedViews()
    {
        Scene scene = TwoMeshScene(out IReadOnlyList<Mesh> meshes);
        using var stream = new MemoryStream();

        GlbWriter.Write(scene, stream);
        GlbInfo info = GlbReader.Read(stream.ToArray());
        using JsonDocument doc = JsonDocument.Parse(stream.ToArray().AsMemory(info.JsonChunkOffset, info.JsonChunkLength));
        JsonElement root = doc.RootElement;

        Assert.That(root.GetProperty("asset").GetProperty("version").GetString(), Is.EqualTo("2.0"));
        JsonElement materials = root.GetProperty("materials");
        Assert.That(materials.GetArrayLength(), Is.EqualTo(2));
        Assert.That(materials[0].TryGetProperty("alphaMode", out _), Is.False);
        Assert.That(materials[1].GetProperty("alphaMode").GetString(), Is.EqualTo("BLEND"));
        Assert.That(materials[1].GetProperty("pbrMetallicRoughness").GetProperty("metallicFactor").GetDouble(), Is.Zero);
        Assert.That(materials[1].GetProperty("pbrMetallicRoughness").GetProperty("roughnessFactor").GetDouble(), Is.EqualTo(0.6));
        foreach (JsonElement view in root.GetProperty("bufferViews").EnumerateArray())
        {
            Assert.That(view.GetProperty("byteOffset").GetInt64() % 4, Is.Zero);
        }
        JsonElement extras = root.GetProperty("nodes")[0].GetProperty("extras");
        Assert.That(extras.GetProperty("segmentValue").GetInt32(), Is.EqualTo(4));
        Assert.That(extras.GetProperty("triangles").GetInt32(), Is.EqualTo(meshes[0].TriangleCount));
        Assert.That(extras.GetProperty("volumeMl").GetDouble(), Is.EqualTo(MeshMetrics.EnclosedVolumeMm3(meshes[0]) / 1000).Within(0.001));
        Assert.That(extras.GetProperty("surfaceAreaMm2").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void Write_EmptyMesh_NodeWithoutMeshAndWarning()
    {
        var scene = new Scene();
        scene.Meshes.Add(SceneMesh.FromMesh(new Mesh("nothing", [1f, 0f, 0f], [], [])));
        using var stream = new MemoryStream();

        GlbWriter.Write(scene, stream);
        GlbInfo info = GlbReader.Read(stream.ToArray());

        Assert.That(info.Nodes.Single().Name, Is.EqualTo("nothing"));
        Assert.That(info.Nodes.Single().Primitives, Is.Empty);
        Assert.That(info.Nodes.Single().ExtrasJson, Does.Contain("warning"));
        Assert.That(info.BinChunkOffset, Is.EqualTo(-1));
    }

    [Test]
    public void WriteFile_ExistingFile_ReplacedAndNoTempLeft()
    {
        string dir = Directory.CreateTempSubdirectory("surgicalnav-glb-").FullName;
        try
        {
            string path = Path.Combine(dir, "anatomy.glb");
            File.WriteAllText(path, "old");

            GlbWriter.WriteFile(TwoMeshScene(out _), path);

            Assert.That(GlbReader.ReadFile(path).Nodes, Has.Count.EqualTo(2));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [Explicit("writes a GLB for manual gltf-validator runs; set SURGICALNAV_GLB_OUT")]
    public void WriteFile_ForExternalValidator_WritesSample()
    {
        string path = Environment.GetEnvironmentVariable("SURGICALNAV_GLB_OUT") ?? Path.Combine(Path.GetTempPath(), "surgicalnav-sample.glb");
        Scene scene = TwoMeshScene(out _);
        scene.Meshes.Add(SceneMesh.FromMesh(new Mesh("empty", [1f, 0f, 0f], [], [])));
        GlbWriter.WriteFile(scene, path);
        TestContext.Out.WriteLine(path);
    }

    private static (float[] Min, float[] Max) BoundsInMetres(Mesh mesh)
    {
        var m = new float[mesh.PositionsMm.Length];
        GltfCoordinates.LpsMmToGltfM(mesh.PositionsMm, m);
        float[] min = [float.MaxValue, float.MaxValue, float.MaxValue], max = [float.MinValue, float.MinValue, float.MinValue];
        for (int n = 0; n < m.Length; n++)
        {
            min[n % 3] = Math.Min(min[n % 3], m[n]);
            max[n % 3] = Math.Max(max[n % 3], m[n]);
        }
        return (min, max);
    }
}
