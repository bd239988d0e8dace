using System.Text.Json;
using System.Text.Json.Nodes;

namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// Validates what classroom clients send. Every message is a JSON object of at most <see cref="MaxBytes"/> with a
/// "type" and exactly the fields of that type (positions in patient LPS mm, within ±<see cref="MaxCoordinateMm"/>;
/// directions non-zero; an optional sender clock "t" in ms that is relayed for latency measurement):
/// camera {positionMm, targetMm, upUnit}; pointer {originMm, pointMm|null}; visibility {segment, visible};
/// clipping {enabled, pointMm, normal}; labels {shown}; placement {positionRoomMm, rotationXyzw, scale}; control {to};
/// ping {t}. A headset sends the same camera (head pose), pointer (laser hit) and clipping (controller plane) kinds as a
/// desktop. Placement is where a headset user put the anatomy in the room (the XR local-floor space, +y up, in mm): the
/// room position of the patient frame's origin, the rotation of the patient's glTF axes into the room as an (x, y, z, w)
/// quaternion (unit length within <see cref="QuaternionTolerance"/>, then normalised) and a uniform scale from
/// <see cref="MinScale"/> to <see cref="MaxScale"/>.
/// Anything else (not UTF-8 JSON, unknown type or field, a wrong type, a segment the case does not have) is
/// malformed: <see cref="TryParse"/> returns null and never throws.
/// </summary>
public static class ClassroomMessages
{
    /// <summary>Largest message accepted, in bytes.</summary>
    public const int MaxBytes = 2048;

    /// <summary>Largest absolute coordinate accepted, in mm (10 m: anything further is not in the room).</summary>
    public const double MaxCoordinateMm = 10_000;

    /// <summary>Smallest anatomy scale a placement may carry (the headset's grab clamps at 0.1x).</summary>
    public const double MinScale = 0.1;

    /// <summary>Largest anatomy scale a placement may carry (the headset's grab clamps at 20x).</summary>
    public const double MaxScale = 20;

    /// <summary>How far a placement's rotation quaternion may be from unit length before it is refused (it is then normalised).</summary>
    public const double QuaternionTolerance = 0.01;

    /// <summary>Every message type a client may send, with its fields besides "type" and the optional "t" (the web client mirrors it).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> FieldsByType { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["camera"] = ["positionMm", "targetMm", "upUnit"],
        ["pointer"] = ["originMm", "pointMm"],
        ["visibility"] = ["segment", "visible"],
        ["clipping"] = ["enabled", "pointMm", "normal"],
        ["labels"] = ["shown"],
        ["placement"] = ["positionRoomMm", "rotationXyzw", "scale"],
        ["control"] = ["to"],
        ["ping"] = [],
    };

    /// <summary>Parses one message against the case's segment names; null when malformed.</summary>
    public static ClassroomCommand? TryParse(ReadOnlySpan<byte> utf8, IReadOnlySet<string> segments)
    {
        if (utf8.Length == 0 || utf8.Length > MaxBytes) return null;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 3 });
            using var doc = JsonDocument.ParseValue(ref reader);
            return Parse(doc.RootElement, segments);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ClassroomCommand? Parse(JsonElement root, IReadOnlySet<string> segments)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            return null;
        string type = typeElement.GetString()!;
        if (!FieldsByType.TryGetValue(type, out IReadOnlyList<string>? fields)) return null;
        double? t = null;
        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (p.Name == "type") continue;
            if (p.Name == "t")
            {
                if (Number(p.Value) is not { } value) return null;
                t = value;
                continue;
            }
            if (!fields.Contains(p.Name)) return null; // unknown field
        }
        var state = new JsonObject();
        switch (type)
        {
            case "camera":
                if (!Point(root, "positionMm", state) || !Point(root, "targetMm", state) || !Direction(root, "upUnit", state)) return null;
                break;
            case "pointer":
                if (!Point(root, "originMm", state)) return null;
                if (root.TryGetProperty("pointMm", out var hit) && hit.ValueKind == JsonValueKind.Null) state["pointMm"] = null;
                else if (!Point(root, "pointMm", state)) return null;
                break;
            case "visibility":
                if (!root.TryGetProperty("segment", out var s) || s.ValueKind != JsonValueKind.String || !segments.Contains(s.GetString()!)) return null;
                if (Bool(root, "visible") is not { } visible) return null;
                state["segment"] = s.GetString();
                state["visible"] = visible;
                break;
            case "clipping":
                if (Bool(root, "enabled") is not { } enabled || !Point(root, "pointMm", state) || !Direction(root, "normal", state)) return null;
                state["enabled"] = enabled;
                break;
            case "labels":
                if (Bool(root, "shown") is not { } shown) return null;
                state["shown"] = shown;
                break;
            case "placement":
                if (!Point(root, "positionRoomMm", state) || !Rotation(root, "rotationXyzw", state)) return null;
                if (!root.TryGetProperty("scale", out var scaleElement) || Number(scaleElement) is not { } scale || scale is < MinScale or > MaxScale) return null;
                state["scale"] = scale;
                break;
            case "control":
                if (!root.TryGetProperty("to", out var to) || !to.TryGetInt64(out long id) || id < 0) return null;
                return new ClassroomCommand("control", null, id, t);
            case "ping":
                return t is null ? null : new ClassroomCommand("ping", null, null, t);
        }
        if (t is { } sentAt) state["t"] = sentAt;
        return new ClassroomCommand(type, state, null, t);
    }

    private static double? Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && double.IsFinite(v) ? v : null;

    private static bool? Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;

    private static double[]? Vector(JsonElement root, string name, int length = 3)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != length) return null;
        var v = new double[length];
        int i = 0;
        foreach (JsonElement c in e.EnumerateArray())
        {
            if (Number(c) is not { } value || Math.Abs(value) > MaxCoordinateMm) return null;
            v[i++] = value;
        }
        return v;
    }

    private static bool Point(JsonElement root, string name, JsonObject into)
    {
        if (Vector(root, name) is not { } v) return false;
        into[name] = new JsonArray(v[0], v[1], v[2]);
        return true;
    }

    private static bool Direction(JsonElement root, string name, JsonObject into)
    {
        if (Vector(root, name) is not { } v) return false;
        double length = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (length < 1e-6) return false;
        into[name] = new JsonArray(v[0] / length, v[1] / length, v[2] / length);
        return true;
    }

    private static bool Rotation(JsonElement root, string name, JsonObject into)
    {
        if (Vector(root, name, 4) is not { } q) return false;
        double length = Math.Sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        if (Math.Abs(length - 1) > QuaternionTolerance) return false;
        into[name] = new JsonArray(q[0] / length, q[1] / length, q[2] / length, q[3] / length);
        return true;
    }
}
