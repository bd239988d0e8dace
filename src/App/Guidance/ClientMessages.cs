using System.Text.Json;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// Validates what clients send on /ws. Accepted: {"type":"ping","t":number} (answered with a pong carrying t)
/// and {"type":"hello","client":string ≤ 64 chars}. Anything else — not UTF-8 JSON, not an object, an unknown
/// type, a missing or wrong field, or more than <see cref="MaxBytes"/> — is malformed: dropped and counted.
/// </summary>
public static class ClientMessages
{
    /// <summary>Largest client message accepted, in bytes.</summary>
    public const int MaxBytes = 4096;

    /// <summary>
    /// Parses one message. Returns the type ("ping" or "hello") and the ping's echo value, or null when the
    /// message is malformed. Never throws.
    /// </summary>
    public static (string Type, double? PingT)? TryParse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0 || utf8.Length > MaxBytes) return null;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
            using var doc = JsonDocument.ParseValue(ref reader);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                return null;
            switch (type.GetString())
            {
                case "ping":
                    if (!root.TryGetProperty("t", out var t) || t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out double value) || !double.IsFinite(value))
                        return null;
                    return ("ping", value);
                case "hello":
                    if (!root.TryGetProperty("client", out var c) || c.ValueKind != JsonValueKind.String || c.GetString()!.Length > 64)
                        return null;
                    return ("hello", null);
                default:
                    return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
