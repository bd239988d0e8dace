using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>
/// Writes a scene as binary glTF 2.0 (GLB): one node and one single-primitive mesh per scene mesh, positions
/// and normals converted from patient LPS mm to glTF metres (+Y up) by <see cref="GltfCoordinates"/>.
/// </summary>
public static class GlbWriter
{
    internal const uint Magic = 0x46546C67; // "glTF"
    internal const uint ChunkJson = 0x4E4F534A; // "JSON"
    internal const uint ChunkBin = 0x004E4942; // "BIN\0"
    private const int ArrayBuffer = 34962, ElementArrayBuffer = 34963, Float = 5126, UnsignedInt = 5125;

    /// <summary>Writes the scene as GLB to a stream (glTF metres, +Y up); the stream is left open.</summary>
    public static void Write(Scene scene, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(stream);
        var parts = new List<MeshPart?>();
        long binLength = 0;
        foreach (SceneMesh item in scene.Meshes)
        {
            if (item.Mesh.TriangleCount == 0)
            {
                parts.Add(null);
                continue;
            }
            var part = MeshPart.Create(item.Mesh, binLength, item.VertexColorsRgb);
            parts.Add(part);
            binLength = part.End;
        }
        if (binLength > int.MaxValue) throw new InvalidOperationException($"scene geometry is {binLength} bytes; GLB chunks are limited to 2 GiB, mesh with a larger Step");

        byte[] json = BuildJson(scene, parts, (int)binLength);
        int jsonPadded = Align4(json.Length), binPadded = Align4((int)binLength);
        long total = 12 + 8 + jsonPadded + (binLength > 0 ? 8 + binPadded : 0);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], checked((uint)total));
        stream.Write(header);
        WriteChunkHeader(stream, jsonPadded, ChunkJson);
        stream.Write(json);
        for (int n = json.Length; n < jsonPadded; n++) stream.WriteByte(0x20);
        if (binLength == 0) return;
        WriteChunkHeader(stream, binPadded, ChunkBin);
        foreach (MeshPart? part in parts)
        {
            if (part is null) continue;
            stream.Write(MemoryMarshal.AsBytes(part.PositionsM.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(part.Normals.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(part.Indices.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(part.Colors.AsSpan()));
        }
        for (long n = binLength; n < binPadded; n++) stream.WriteByte(0);
    }

    /// <summary>Writes the scene to a GLB file via a temporary file that is flushed and renamed into place.</summary>
    public static void WriteFile(Scene scene, string path) => AtomicFile.Write(path, stream => Write(scene, stream));

    private static int Align4(int n) => (n + 3) & ~3;

    private static void WriteChunkHeader(Stream stream, int length, uint type)
    {
        Span<byte> chunk = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(chunk, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[4..], type);
        stream.Write(chunk);
    }

    private static byte[] BuildJson(Scene scene, List<MeshPart?> parts, int binLength)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("asset");
            w.WriteString("version", "2.0");
            w.WriteString("generator", "SurgicalNav");
            w.WriteEndObject();
            w.WriteNumber("scene", 0);
            w.WriteStartArray("scenes");
            w.WriteStartObject();
            w.WriteStartArray("nodes");
            for (int n = 0; n < parts.Count; n++) w.WriteNumberValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();

            int meshIndex = 0;
            w.WriteStartArray("nodes");
            for (int n = 0; n < parts.Count; n++)
            {
                SceneMesh item = scene.Meshes[n];
                w.WriteStartObject();
                w.WriteString("name", item.Name);
                if (parts[n] is not null) w.WriteNumber("mesh", meshIndex++);
                WriteExtras(w, item, parts[n] is null);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (meshIndex == 0)
            {
                w.WriteEndObject();
                w.Flush();
                return buffer.WrittenSpan.ToArray();
            }

            meshIndex = 0;
            w.WriteStartArray("meshes");
            for (int n = 0; n < parts.Count; n++)
            {
                if (parts[n] is not MeshPart part) continue;
                int a = part.FirstView(parts);
                w.WriteStartObject();
                w.WriteString("name", scene.Meshes[n].Name);
                w.WriteStartArray("primitives");
                w.WriteStartObject();
                w.WriteStartObject("attributes");
                w.WriteNumber("POSITION", a);
                w.WriteNumber("NORMAL", a + 1);
                if (part.Colors.Length > 0) w.WriteNumber("COLOR_0", a + 3);
                w.WriteEndObject();
                w.WriteNumber("indices", a + 2);
                w.WriteNumber("material", meshIndex);
                w.WriteNumber("mode", 4);
                w.WriteEndObject();
                w.WriteEndArray();
                WriteExtras(w, scene.Meshes[n], false);
                w.WriteEndObject();
                meshIndex++;
            }
            w.WriteEndArray();

            w.WriteStartArray("materials");
            for (int n = 0; n < parts.Count; n++)
            {
                if (parts[n] is null) continue;
                WriteMaterial(w, scene.Meshes[n]);
            }
            w.WriteEndArray();

            w.WriteStartArray("accessors");
            foreach (MeshPart? part in parts)
            {
                if (part is null) continue;
                int view = part.FirstView(parts);
                WriteAccessor(w, view, Float, part.VertexCount, "VEC3", part.Min, part.Max);
                WriteAccessor(w, view + 1, Float, part.VertexCount, "VEC3", null, null);
                WriteAccessor(w, view + 2, UnsignedInt, part.Indices.Length, "SCALAR", null, null);
                if (part.Colors.Length > 0) WriteAccessor(w, view + 3, Float, part.VertexCount, "VEC3", null, null);
            }
            w.WriteEndArray();

            w.WriteStartArray("bufferViews");
            foreach (MeshPart? part in parts)
            {
                if (part is null) continue;
                WriteView(w, part.Offset, part.PositionsM.Length * 4, ArrayBuffer);
                WriteView(w, part.Offset + part.PositionsM.Length * 4, part.Normals.Length * 4, ArrayBuffer);
                WriteView(w, part.Offset + part.PositionsM.Length * 8, part.Indices.Length * 4, ElementArrayBuffer);
                if (part.Colors.Length > 0) WriteView(w, part.Offset + part.PositionsM.Length * 8 + part.Indices.Length * 4L, part.Colors.Length * 4, ArrayBuffer);
            }
            w.WriteEndArray();

            w.WriteStartArray("buffers");
            w.WriteStartObject();
            w.WriteNumber("byteLength", binLength);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMaterial(Utf8JsonWriter w, SceneMesh item)
    {
        float[] c = item.ColorRgba;
        float alpha = c.Length > 3 ? Math.Clamp(c[3], 0f, 1f) : 1f;
        w.WriteStartObject();
        w.WriteString("name", item.Name);
        w.WriteStartObject("pbrMetallicRoughness");
        w.WriteStartArray("baseColorFactor");
        // Segment colours are sRGB; glTF baseColorFactor is linear.
        for (int n = 0; n < 3; n++) w.WriteNumberValue(SrgbToLinear(c.Length > n ? c[n] : 1f));
        w.WriteNumberValue(alpha);
        w.WriteEndArray();
        w.WriteNumber("metallicFactor", 0);
        w.WriteNumber("roughnessFactor", 0.6);
        w.WriteEndObject();
        if (alpha < 1f) w.WriteString("alphaMode", "BLEND");
        w.WriteBoolean("doubleSided", false);
        w.WriteEndObject();
    }

    /// <summary>sRGB component (0..1) to linear, rounded to 6 digits.</summary>
    internal static double SrgbToLinear(float srgb)
    {
        double c = Math.Clamp(srgb, 0f, 1f);
        return Math.Round(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4), 6);
    }

    private static void WriteAccessor(Utf8JsonWriter w, int view, int componentType, int count, string type, float[]? min, float[]? max)
    {
        w.WriteStartObject();
        w.WriteNumber("bufferView", view);
        w.WriteNumber("componentType", componentType);
        w.WriteNumber("count", count);
        w.WriteString("type", type);
        if (min is not null && max is not null)
        {
            w.WriteStartArray("min");
            foreach (float v in min) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteStartArray("max");
            foreach (float v in max) w.WriteNumberValue(v);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteView(Utf8JsonWriter w, long offset, long length, int target)
    {
        w.WriteStartObject();
        w.WriteNumber("buffer", 0);
        w.WriteNumber("byteOffset", offset);
        w.WriteNumber("byteLength", length);
        w.WriteNumber("target", target);
        w.WriteEndObject();
    }

    private static void WriteExtras(Utf8JsonWriter w, SceneMesh item, bool empty)
    {
        w.WriteStartObject("extras");
        foreach ((string key, object value) in item.Extras) WriteValue(w, key, value);
        Mesh mesh = item.Mesh;
        w.WriteNumber("volumeMl", Math.Round(MeshMetrics.EnclosedVolumeMm3(mesh) / 1000.0, 3));
        w.WriteNumber("surfaceAreaMm2", Math.Round(MeshMetrics.SurfaceAreaMm2(mesh), 1));
        w.WriteNumber("triangles", mesh.TriangleCount);
        if (empty) w.WriteString("warning", $"'{item.Name}' has no triangles, so this node has no mesh; check that the segment has voxels");
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, string key, object value)
    {
        switch (value)
        {
            case string s: w.WriteString(key, s); break;
            case bool b: w.WriteBoolean(key, b); break;
            case byte or sbyte or short or ushort or int or uint or long: w.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case float or double or decimal:
                double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(d)) w.WriteNumber(key, d); else w.WriteNull(key);
                break;
            default: w.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
