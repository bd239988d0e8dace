using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurgicalNav.Registration;

/// <summary>Writes a <see cref="RigidTransform"/> as its 4x4 homogeneous matrix, 16 numbers row-major (mm), and reads it back.</summary>
public sealed class RigidTransformJsonConverter : JsonConverter<RigidTransform>
{
    /// <inheritdoc />
    public override RigidTransform Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected a transform as 16 numbers, a 4x4 matrix in row-major order (mm)");
        Span<double> m = stackalloc double[16];
        int n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (n >= 16) throw new JsonException("a transform has 16 numbers, a 4x4 matrix in row-major order; got more");
            m[n++] = reader.GetDouble();
        }
        if (n != 16) throw new JsonException($"a transform has 16 numbers, a 4x4 matrix in row-major order; got {n}");
        try
        {
            return RigidTransform.FromRowMajor(m);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RigidTransform value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        // Full precision: a stored registration must round-trip exactly.
        foreach (double v in value.ToRowMajor()) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
