using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SurgicalNav.Rendering;

/// <summary>Minimal GLB reader for tests and the server: checks the container and summarises nodes and primitives.</summary>
public static class GlbReader
{
    /// <summary>Reads a GLB file; throws InvalidDataException naming the file when it is not valid GLB 2.0.</summary>
    public static GlbInfo ReadFile(string path)
    {
        try
        {
            return Read(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses GLB bytes: header, 4-byte aligned JSON and BIN chunks, node names, counts and POSITION bounds (metres).</summary>
    public static GlbInfo Read(ReadOnlySpan<byte> glb)
    {
        if (glb.Length < 20) throw new InvalidDataException($"GLB is {glb.Length} bytes, shorter than its 12-byte header and first chunk header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(glb) != GlbWriter.Magic) throw new InvalidDataException("GLB magic is not 'glTF'; is this a .gltf text file or another format?");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(glb[4..]);
        if (version != 2) throw new InvalidDataException($"GLB version is {version}; only glTF 2.0 is supported");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(glb[8..]);
        if (length != glb.Length) throw new InvalidDataException($"GLB header says {length} bytes but the data holds {glb.Length}; the file may be truncated");

        int offset = 12, jsonOffset = -1, jsonLength = 0, binOffset = -1, binLength = 0;
        while (offset < glb.Length)
        {
            if (offset % 4 != 0 || offset + 8 > glb.Length) throw new InvalidDataException($"chunk at byte {offset} is misaligned or truncated");
            int chunkLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(glb[offset..]));
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(glb[(offset + 4)..]);
            if (chunkLength % 4 != 0) throw new InvalidDataException($"chunk at byte {offset} has length {chunkLength}, not a multiple of 4");
            if (offset + 8 + chunkLength > glb.Length) throw new InvalidDataException($"chunk at byte {offset} runs past the end of the data");
            if (type == GlbWriter.ChunkJson && jsonOffset < 0) { jsonOffset = offset + 8; jsonLength = chunkLength; }
            else if (type == GlbWriter.ChunkBin && binOffset < 0) { binOffset = offset + 8; binLength = chunkLength; }
            offset += 8 + chunkLength;
        }
        if (jsonOffset != 20) throw new InvalidDataException("the first GLB chunk must be JSON");

        using JsonDocument doc = JsonDocument.Parse(Encoding.UTF8.GetString(glb.Slice(jsonOffset, jsonLength)).TrimEnd(' '));
        JsonElement root = doc.RootElement;
        string generator = root.TryGetProperty("asset", out JsonElement asset) && asset.TryGetProperty("generator", out JsonElement g) ? g.GetString() ?? "" : "";
        var nodes = new List<GlbNodeInfo>();
        if (root.TryGetProperty("nodes", out JsonElement nodeArray))
        {
            foreach (JsonElement node in nodeArray.EnumerateArray())
            {
                string name = node.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";
                string? extras = node.TryGetProperty("extras", out JsonElement e) ? e.GetRawText() : null;
                var primitives = new List<GlbPrimitiveInfo>();
                if (node.TryGetProperty("mesh", out JsonElement meshIndex))
                {
                    JsonElement mesh = root.GetProperty("meshes")[meshIndex.GetInt32()];
                    foreach (JsonElement primitive in mesh.GetProperty("primitives").EnumerateArray())
                    {
                        primitives.Add(ReadPrimitive(root, primitive));
                    }
                }
                nodes.Add(new GlbNodeInfo(name, primitives, extras));
            }
        }
        return new GlbInfo(version, length, jsonOffset, jsonLength, binOffset, binLength, generator, nodes);
    }

    private static GlbPrimitiveInfo ReadPrimitive(JsonElement root, JsonElement primitive)
    {
        JsonElement accessors = root.GetProperty("accessors");
        JsonElement position = accessors[primitive.GetProperty("attributes").GetProperty("POSITION").GetInt32()];
        int vertices = position.GetProperty("count").GetInt32();
        int triangles = primitive.TryGetProperty("indices", out JsonElement indices)
            ? accessors[indices.GetInt32()].GetProperty("count").GetInt32() / 3
            : vertices / 3;
        return new GlbPrimitiveInfo(vertices, triangles, ReadBound(position, "min"), ReadBound(position, "max"));
    }

    private static float[]? ReadBound(JsonElement accessor, string name) =>
        accessor.TryGetProperty(name, out JsonElement bound) ? bound.EnumerateArray().Select(v => v.GetSingle()).ToArray() : null;
}
