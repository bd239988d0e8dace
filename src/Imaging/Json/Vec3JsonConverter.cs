using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurgicalNav.Imaging.Json;

/// <summary>Writes a <see cref="Vec3"/> as a JSON array [x, y, z] and reads it back.</summary>
public sealed class Vec3JsonConverter : JsonConverter<Vec3>
{
    /// <inheritdoc />
    public override Vec3 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected a point as [x, y, z] in mm");
        Span<double> v = stackalloc double[3];
        int n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (n >= 3) throw new JsonException("a point has 3 numbers, [x, y, z] in mm");
            v[n++] = reader.GetDouble();
        }
        if (n != 3) throw new JsonException($"a point has 3 numbers, [x, y, z] in mm; got {n}");
        return new Vec3(v[0], v[1], v[2]);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Vec3 value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Math.Round(value.X, 4));
        writer.WriteNumberValue(Math.Round(value.Y, 4));
        writer.WriteNumberValue(Math.Round(value.Z, 4));
        writer.WriteEndArray();
    }
}
