using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SurgicalNav.Registration;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// Reads and checks the AR registration's request bodies: size, JSON shape, hands, fiducial indices and grip poses
/// (4×4 row-major, mm, rigid, within a 20 m room). Each failure is an <see cref="ArRefusedException"/> (400) saying
/// what was expected.
/// </summary>
internal static class ArRequests
{
    /// <summary>Largest body of a touch or registration request, bytes.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Largest tip calibration body, bytes (600 poses of 16 numbers).</summary>
    public const int MaxCalibrationBytes = 256 * 1024;

    /// <summary>Largest translation accepted in headset world, mm (a 20 m room around the origin).</summary>
    private const double RoomMm = 10_000;

    private const string PoseShape = "16 numbers, a 4×4 grip → headset world matrix, row-major, in mm";

    public static async Task<JsonDocument> ReadAsync(HttpContext http, int maxBytes)
    {
        (byte[]? body, string? tooBig) = await RequestBody.ReadCappedAsync(http, maxBytes).ConfigureAwait(false);
        if (body is null) throw Bad(tooBig!);
        try
        {
            var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            throw Bad("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Bad($"the body is not JSON ({e.Message})");
        }
    }

    public static string Hand(JsonElement body) => Hand(body, "");

    /// <summary>An integer index property, or null when the body leaves it out (or sets it null).</summary>
    public static int? OptionalIndex(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int k) ? k
            : throw Bad($"\"{name}\" is {v.GetRawText()}; send {{\"{name}\": k}} with the fiducial's index, 0-based, or {{}} for the next untouched one");

    public static int[] Indices(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > 64)
            throw Bad($"the body has no \"{name}\" array (at most 64); send {{\"{name}\": [0, 1, 2, …]}}, the touched fiducials, 0-based");
        return [.. list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int k) ? k
            : throw Bad($"\"{name}\" holds {v.GetRawText()}, not a fiducial index"))];
    }

    public static RigidTransform[] Poses(JsonElement body)
    {
        if (!body.TryGetProperty("gripToXrWorld", out var list) || list.ValueKind != JsonValueKind.Array)
            throw Bad($"the body has no \"gripToXrWorld\" array; send {{\"hand\": \"right\", \"gripToXrWorld\": [[…], …]}}, each pose {PoseShape}");
        if (list.GetArrayLength() > ControllerTipCalibrator.MaxPoses)
            throw Bad($"got {list.GetArrayLength()} poses; at most {ControllerTipCalibrator.MaxPoses} are accepted: release the trigger sooner");
        return [.. list.EnumerateArray().Select((p, i) => Pose(p, $"pose {i + 1}"))];
    }

    public static (string Hand, RigidTransform GripToXrWorld)[] Touches(JsonElement body)
    {
        if (!body.TryGetProperty("touches", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > 64)
            throw Bad($"the body has no \"touches\" array (at most 64); send {{\"touches\": [{{\"hand\": \"right\", \"gripToXrWorld\": […]}}, …]}} in fiducial order, each pose {PoseShape}");
        return [.. list.EnumerateArray().Select((t, i) => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("gripToXrWorld", out var m)
            ? (Hand(t, $"touch {i + 1}: "), Pose(m, $"touch {i + 1}"))
            : throw Bad($"touch {i + 1} is not {{\"hand\", \"gripToXrWorld\"}}"))];
    }

    private static string Hand(JsonElement body, string where) =>
        body.TryGetProperty("hand", out var h) && h.ValueKind == JsonValueKind.String && ArFrames.IsHand(h.GetString()) ? h.GetString()!
            : throw Bad($"{where}\"hand\" must be \"right\" or \"left\"");

    private static RigidTransform Pose(JsonElement m, string what)
    {
        if (m.ValueKind != JsonValueKind.Array || m.GetArrayLength() != 16 || m.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            throw Bad($"{what} is not {PoseShape}");
        double[] values = [.. m.EnumerateArray().Select(v => v.GetDouble())];
        RigidTransform t;
        try
        {
            t = RigidTransform.FromRowMajor(values);
        }
        catch (ArgumentException e)
        {
            throw Bad($"{what}: {e.Message}");
        }
        if (Math.Abs(t.Scale - 1) > 1e-3) throw Bad($"{what} scales by {t.Scale:G4}; a grip pose is rigid ({PoseShape})");
        if (!(Math.Abs(t.Translation.X) <= RoomMm && Math.Abs(t.Translation.Y) <= RoomMm && Math.Abs(t.Translation.Z) <= RoomMm))
            throw Bad($"{what} puts the controller at {t.Translation}, more than {RoomMm / 1000:0} m from the headset origin; grip positions are in mm, not m or cm");
        return new RigidTransform(t.Rotation, t.Translation); // float32 rotations come with a scale of 1 ± 1e-7: drop it
    }

    private static ArRefusedException Bad(string message) => new(StatusCodes.Status400BadRequest, message);
}
