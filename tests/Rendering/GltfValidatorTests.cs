using System.Diagnostics;
using System.Text.Json;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering.Tests;

/// <summary>Runs the Khronos glTF validator (npm gltf-validator, installed by ./nav into src/Rendering/web) on GLBs we write.</summary>
public class GltfValidatorTests
{
    private static string WebDirectory()
    {
        for (DirectoryInfo? d = new(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
        {
            string web = Path.Combine(d.FullName, "src", "Rendering", "web");
            if (Directory.Exists(web)) return web;
        }
        throw new DirectoryNotFoundException("src/Rendering/web not found above the test directory");
    }

    /// <summary>The validator's report as JSON; fails the test with what to do when node or the package is missing.</summary>
    private static JsonElement Validate(string glbPath)
    {
        string web = WebDirectory();
        string validator = Path.Combine(web, "node_modules", "gltf-validator");
        if (!Directory.Exists(validator)) Assert.Fail($"{validator} is missing; run ./nav test (it runs npm ci in src/Rendering/web)");
        const string Script = "const v=require(process.argv[1]);const fs=require('fs');" +
            "v.validateBytes(new Uint8Array(fs.readFileSync(process.argv[2]))).then(r=>process.stdout.write(JSON.stringify(r)),e=>{console.error(String(e));process.exit(2);});";
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = web };
        foreach (string arg in new[] { "-e", Script, validator, glbPath }) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "gltf-validator took over 60 s");
        Assert.That(process.ExitCode, Is.Zero, stderr.Result);
        return JsonDocument.Parse(stdout.Result).RootElement;
    }

    [Test]
    public void WriteFile_PhantomLikeSegmentsAndAnEmptyOne_KhronosValidatorReportsNoErrors()
    {
        var geometry = ImageGeometry.Axial(new Int3(40, 36, 30), new Vec3(0.8, 0.8, 1.2), new Vec3(-16, -14, -18));
        var table = new SegmentTable([new SegmentInfo(1, "liver", [0.6f, 0.25f, 0.2f]), new SegmentInfo(2, "tumor", [0.9f, 0.8f, 0.2f]), new SegmentInfo(3, "empty", [0f, 0f, 1f])]);
        LabelMap map = LabelMap.Empty(geometry, table);
        for (int k = 0; k < 30; k++)
            for (int j = 0; j < 36; j++)
                for (int i = 0; i < 40; i++)
                {
                    Vec3 p = geometry.IndexToPatient(i, j, k);
                    if ((p - new Vec3(3, 2, 0)).Length < 5) map.Labels[i, j, k] = 2;
                    else if (p.Length < 13) map.Labels[i, j, k] = 1;
                }
        var meshes = new List<Mesh>(LabelMeshes.Build(map)) { new("empty", [0f, 0f, 1f], [], []) };
        string path = Path.Combine(Path.GetTempPath(), $"surgicalnav-validator-{Guid.NewGuid():N}.glb");
        try
        {
            GlbWriter.WriteFile(Scene.FromMeshes(meshes, table), path);

            JsonElement report = Validate(path);

            JsonElement issues = report.GetProperty("issues");
            string messages = issues.TryGetProperty("messages", out JsonElement m) ? m.ToString() : "";
            Assert.That(issues.GetProperty("numErrors").GetInt32(), Is.Zero, messages);
            Assert.That(report.GetProperty("info").GetProperty("drawCallCount").GetInt32(), Is.GreaterThanOrEqualTo(2));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void WriteFile_VertexColorsBesidePlainMesh_ValidatorNoErrorsAndColor0HoldsLinearColours()
    {
        var coloured = new Mesh("margin", [1f, 1f, 1f], [0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 10], [0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2]);
        var plain = new Mesh("plain", [0.5f, 0.5f, 0.5f], [20, 0, 0, 30, 0, 0, 20, 10, 0], [0, 1, 2]);
        float[] srgb = [0.9f, 0.1f, 0.1f, 0.95f, 0.85f, 0.1f, 0.1f, 0.75f, 0.25f, 1f, 0.5f, 0f];
        var scene = new Scene();
        scene.Meshes.Add(SceneMesh.FromMesh(plain));
        scene.Meshes.Add(SceneMesh.FromMesh(coloured) with { VertexColorsRgb = srgb });
        string path = Path.Combine(Path.GetTempPath(), $"surgicalnav-validator-{Guid.NewGuid():N}.glb");
        try
        {
            GlbWriter.WriteFile(scene, path);

            JsonElement report = Validate(path);
            JsonElement issues = report.GetProperty("issues");
            Assert.That(issues.GetProperty("numErrors").GetInt32(), Is.Zero, issues.TryGetProperty("messages", out JsonElement m) ? m.ToString() : "");
            byte[] glb = File.ReadAllBytes(path);
            int jsonLength = BitConverter.ToInt32(glb, 12);
            JsonElement root = JsonDocument.Parse(glb.AsMemory(20, jsonLength)).RootElement;
            int accessor = root.GetProperty("meshes")[1].GetProperty("primitives")[0].GetProperty("attributes").GetProperty("COLOR_0").GetInt32();
            JsonElement view = root.GetProperty("bufferViews")[root.GetProperty("accessors")[accessor].GetProperty("bufferView").GetInt32()];
            int offset = 20 + ((jsonLength + 3) & ~3) + 8 + view.GetProperty("byteOffset").GetInt32();
            Assert.That(view.GetProperty("byteLength").GetInt32(), Is.EqualTo(srgb.Length * 4));
            for (int n = 0; n < srgb.Length; n++)
            {
                double linear = srgb[n] <= 0.04045 ? srgb[n] / 12.92 : Math.Pow((srgb[n] + 0.055) / 1.055, 2.4);
                Assert.That(BitConverter.ToSingle(glb, offset + 4 * n), Is.EqualTo(linear).Within(1e-5), $"colour component {n}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Validate_TruncatedGlb_ValidatorReportsErrors()
    {
        // Proves the harness can fail: the same kind of file cut short must not pass.
        var mesh = new Mesh("tri", [1f, 1f, 1f], [0, 0, 0, 10, 0, 0, 0, 10, 0], [0, 1, 2]);
        using var stream = new MemoryStream();
        GlbWriter.Write(Scene.FromMeshes([mesh]), stream);
        string path = Path.Combine(Path.GetTempPath(), $"surgicalnav-validator-{Guid.NewGuid():N}.glb");
        try
        {
            File.WriteAllBytes(path, stream.ToArray()[..(int)(stream.Length - 8)]);

            JsonElement report = Validate(path);

            Assert.That(report.GetProperty("issues").GetProperty("numErrors").GetInt32(), Is.GreaterThan(0));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
