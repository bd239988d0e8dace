using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace SurgicalNav.App.Server.Classroom;

public sealed partial class CaseDeidentifier
{
    private const uint GlbMagic = 0x46546C67, JsonChunk = 0x4E4F534A;

    /// <summary>
    /// The students' copy of a GLB: the JSON chunk rewritten (names scrubbed, string extras and asset.copyright
    /// removed), every other chunk copied unchanged. Throws <see cref="InvalidDataException"/> naming what is
    /// wrong when the bytes are not a glTF 2.0 binary.
    /// </summary>
    public byte[] Glb(ReadOnlySpan<byte> glb)
    {
        if (glb.Length < 20 || BinaryPrimitives.ReadUInt32LittleEndian(glb) != GlbMagic)
            throw new InvalidDataException("anatomy.glb is not a glTF binary (no 'glTF' magic); rebuild the case");
        int declared = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(glb[8..]), int.MaxValue);
        int jsonLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(glb[12..]), int.MaxValue);
        if (declared > glb.Length || BinaryPrimitives.ReadUInt32LittleEndian(glb[16..]) != JsonChunk || 20L + jsonLength > declared)
            throw new InvalidDataException("anatomy.glb is truncated or its first chunk is not JSON; rebuild the case");
        JsonNode root = JsonNode.Parse(glb.Slice(20, jsonLength))
            ?? throw new InvalidDataException("anatomy.glb has an empty JSON chunk; rebuild the case");
        Clean(root);
        if (root["asset"] is JsonObject asset) asset.Remove("copyright");
        byte[] json = Encoding.UTF8.GetBytes(root.ToJsonString());
        int padded = (json.Length + 3) & ~3;
        ReadOnlySpan<byte> rest = glb[(20 + jsonLength)..declared];
        byte[] output = new byte[20 + padded + rest.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(output, GlbMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(8), (uint)output.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(12), (uint)padded);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(16), JsonChunk);
        json.CopyTo(output, 20);
        output.AsSpan(20 + json.Length, padded - json.Length).Fill((byte)' ');
        rest.CopyTo(output.AsSpan(20 + padded));
        return output;
    }

    private void Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string key in o.Select(p => p.Key).ToList())
                {
                    JsonNode? child = o[key];
                    if (key == "extras") { o[key] = NumbersOnly(child); continue; }
                    if (key == "name" && child is JsonValue v && v.TryGetValue(out string? name)) { o[key] = Scrub(name); continue; }
                    Clean(child);
                }
                break;
            case JsonArray a:
                foreach (JsonNode? child in a) Clean(child);
                break;
        }
    }

    // Extras carry numbers the client uses (the segment's label value); free text there is dropped.
    private static JsonNode? NumbersOnly(JsonNode? extras)
    {
        if (extras is not JsonObject o) return new JsonObject();
        var kept = new JsonObject();
        foreach ((string key, JsonNode? value) in o)
        {
            if (value is JsonValue v && v.TryGetValue(out double number)) kept[key] = number;
        }
        return kept;
    }
}
