using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SurgicalNav.EndToEnd.Tests.TestData;

/// <summary>
/// TEST DATA ONLY, not product code: writes a minimal anatomy.glb of axis-aligned boxes, one named node
/// per segment, so the web client can be tested before the real mesher and GLB writer
/// (SurgicalNav.Rendering, branch `meshing`) are merged. Boxes are given in patient LPS mm and converted with
/// the same mapping as GltfCoordinates.LpsMmToGltfM: (x, y, z)_gltf = (x_lps, z_lps, -y_lps) / 1000.
/// </summary>
internal static class TestAnatomyGlb
{
    /// <summary>A box in patient LPS mm with an sRGB colour 0..1.</summary>
    internal sealed record Box(string Name, double[] CenterMm, double[] HalfSizeMm, float[] Color);

    public static void Write(string path, IReadOnlyList<Box> boxes)
    {
        var bin = new MemoryStream();
        var accessors = new List<object>();
        var views = new List<object>();
        var meshes = new List<object>();
        var materials = new List<object>();
        var nodes = new List<object>();

        foreach (var box in boxes)
        {
            var (positions, normals, indices) = Geometry(box);
            int positionAccessor = AddFloats(bin, views, accessors, positions, "VEC3", withBounds: true);
            int normalAccessor = AddFloats(bin, views, accessors, normals, "VEC3", withBounds: false);
            int indexAccessor = AddIndices(bin, views, accessors, indices);
            materials.Add(new Dictionary<string, object>
            {
                ["name"] = box.Name,
                ["pbrMetallicRoughness"] = new Dictionary<string, object>
                {
                    ["baseColorFactor"] = new[] { SrgbToLinear(box.Color[0]), SrgbToLinear(box.Color[1]), SrgbToLinear(box.Color[2]), 1f },
                    ["metallicFactor"] = 0f,
                    ["roughnessFactor"] = 0.6f,
                },
            });
            meshes.Add(new Dictionary<string, object>
            {
                ["name"] = box.Name,
                ["primitives"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["attributes"] = new Dictionary<string, int> { ["POSITION"] = positionAccessor, ["NORMAL"] = normalAccessor },
                        ["indices"] = indexAccessor,
                        ["material"] = materials.Count - 1,
                    },
                },
            });
            nodes.Add(new Dictionary<string, object> { ["name"] = box.Name, ["mesh"] = meshes.Count - 1 });
        }

        var gltf = new Dictionary<string, object>
        {
            ["asset"] = new Dictionary<string, string> { ["version"] = "2.0", ["generator"] = "SurgicalNav.EndToEnd.Tests test data" },
            ["scene"] = 0,
            ["scenes"] = new[] { new Dictionary<string, object> { ["nodes"] = Enumerable.Range(0, nodes.Count).ToArray() } },
            ["nodes"] = nodes,
            ["meshes"] = meshes,
            ["materials"] = materials,
            ["accessors"] = accessors,
            ["bufferViews"] = views,
            ["buffers"] = new[] { new Dictionary<string, long> { ["byteLength"] = bin.Length } },
        };

        byte[] json = Pad(JsonSerializer.SerializeToUtf8Bytes(gltf), (byte)' ');
        byte[] binary = Pad(bin.ToArray(), 0);
        using var file = File.Create(path);
        var word = new byte[4];
        void U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(word, v); file.Write(word); }
        U32(0x46546C67); // "glTF"
        U32(2);
        U32((uint)(12 + 8 + json.Length + 8 + binary.Length));
        U32((uint)json.Length);
        U32(0x4E4F534A); // "JSON"
        file.Write(json);
        U32((uint)binary.Length);
        U32(0x004E4942); // "BIN\0"
        file.Write(binary);
    }

    private static (float[] Positions, float[] Normals, uint[] Indices) Geometry(Box box)
    {
        // glTF metres, +Y up: (x, z, -y) / 1000.
        float cx = (float)(box.CenterMm[0] / 1000), cy = (float)(box.CenterMm[2] / 1000), cz = (float)(-box.CenterMm[1] / 1000);
        float hx = (float)(box.HalfSizeMm[0] / 1000), hy = (float)(box.HalfSizeMm[2] / 1000), hz = (float)(box.HalfSizeMm[1] / 1000);
        var positions = new List<float>();
        var normals = new List<float>();
        var indices = new List<uint>();
        // Each face: outward normal n and two in-plane axes u, v with u x v = n, so triangles wind counter-clockwise.
        int[][] faces =
        [
            [1, 0, 0, 0, 1, 0, 0, 0, 1], [-1, 0, 0, 0, 0, 1, 0, 1, 0],
            [0, 1, 0, 0, 0, 1, 1, 0, 0], [0, -1, 0, 1, 0, 0, 0, 0, 1],
            [0, 0, 1, 1, 0, 0, 0, 1, 0], [0, 0, -1, 0, 1, 0, 1, 0, 0],
        ];
        float[] half = [hx, hy, hz];
        float[] centre = [cx, cy, cz];
        foreach (var f in faces)
        {
            uint first = (uint)(positions.Count / 3);
            foreach (var (su, sv) in new[] { (-1, -1), (1, -1), (1, 1), (-1, 1) })
            {
                for (int axis = 0; axis < 3; axis++)
                {
                    float offset = f[axis] + su * f[3 + axis] + sv * f[6 + axis];
                    positions.Add(centre[axis] + offset * half[axis]);
                    normals.Add(f[axis]);
                }
            }
            indices.AddRange([first, first + 1, first + 2, first, first + 2, first + 3]);
        }
        return (positions.ToArray(), normals.ToArray(), indices.ToArray());
    }

    private static int AddFloats(MemoryStream bin, List<object> views, List<object> accessors, float[] data, string type, bool withBounds)
    {
        int offset = (int)bin.Length;
        foreach (float v in data) bin.Write(BitConverter.GetBytes(v));
        views.Add(new Dictionary<string, int> { ["buffer"] = 0, ["byteOffset"] = offset, ["byteLength"] = data.Length * 4, ["target"] = 34962 });
        var accessor = new Dictionary<string, object>
        {
            ["bufferView"] = views.Count - 1, ["componentType"] = 5126, ["count"] = data.Length / 3, ["type"] = type,
        };
        if (withBounds)
        {
            float[] min = [float.MaxValue, float.MaxValue, float.MaxValue], max = [float.MinValue, float.MinValue, float.MinValue];
            for (int i = 0; i < data.Length; i++) { min[i % 3] = Math.Min(min[i % 3], data[i]); max[i % 3] = Math.Max(max[i % 3], data[i]); }
            accessor["min"] = min;
            accessor["max"] = max;
        }
        accessors.Add(accessor);
        return accessors.Count - 1;
    }

    private static int AddIndices(MemoryStream bin, List<object> views, List<object> accessors, uint[] data)
    {
        int offset = (int)bin.Length;
        foreach (uint v in data) bin.Write(BitConverter.GetBytes(v));
        views.Add(new Dictionary<string, int> { ["buffer"] = 0, ["byteOffset"] = offset, ["byteLength"] = data.Length * 4, ["target"] = 34963 });
        accessors.Add(new Dictionary<string, object> { ["bufferView"] = views.Count - 1, ["componentType"] = 5125, ["count"] = data.Length, ["type"] = "SCALAR" });
        return accessors.Count - 1;
    }

    private static float SrgbToLinear(float c) => c <= 0.04045f ? c / 12.92f : MathF.Pow((c + 0.055f) / 1.055f, 2.4f);

    private static byte[] Pad(byte[] data, byte fill)
    {
        int padded = (data.Length + 3) & ~3;
        if (padded == data.Length) return data;
        var result = new byte[padded];
        data.CopyTo(result, 0);
        Array.Fill(result, fill, data.Length, padded - data.Length);
        return result;
    }
}
