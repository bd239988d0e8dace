using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Picking;

namespace SurgicalNav.App.Server;

/// <summary>
/// What the VR planning and rehearsal view needs beyond the desktop's API:
/// GET /api/case/volume-texture?size=N&amp;huMin=A&amp;huMax=B (the CT as a uint8 3D texture, see
/// <see cref="VrVolumeTexture"/>; grid in the same headers as /api/case/volume plus X-Hu-Min and X-Hu-Max),
/// GET /api/case/rehearsal (the needles to play, their zones and simulated necrosis, see <see cref="VrRehearsal"/>),
/// GET /api/case/simulation/N/necrosis.glb (the necrosis mesh `simulate` wrote for needle N), and
/// POST /api/case/target-on-ray (a <see cref="RayRequest"/>: where the laser puts a target inside the anatomy, see
/// <see cref="RayTargetPicker"/>).
/// </summary>
internal static class VrEndpoints
{
    /// <summary>Farthest a ray origin may lie from the patient origin, mm: a hand 3 m away at 0.1x scale is 30 m.</summary>
    private const double ReachMm = 100_000;

    public static void Map(WebApplication app, CaseData data)
    {
        app.MapPost("/api/case/target-on-ray", async (HttpContext http) =>
        {
            (RayRequest? ray, IResult? error) = await ReadRay(http).ConfigureAwait(false);
            if (error is not null) return error;
            var targets = RayTargetPicker.TargetSegments(data.LabelMap.Segments, data.Document().Plan);
            RayTarget picked = RayTargetPicker.Pick(data.LabelMap, ray!.OriginMm, ray.Direction, targets);
            return Results.Text(JsonSerializer.Serialize(picked, NavJson.Compact), "application/json");
        });
        // One cache per served case: textures by (size, huMin, huMax), built once on first request.
        var textures = new ConcurrentDictionary<(int, double, double), Lazy<VrVolumeTexture>>();
        app.MapGet("/api/case/volume-texture", (HttpContext http) => ServeTexture(http, data, textures));
        app.MapGet("/api/case/rehearsal", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            var needles = VrRehearsal.FromPlan(data.Document().Plan, data.CaseDirectory, () => AblationDeviceTable.Load());
            return Results.Text(JsonSerializer.Serialize(new { needles }, NavJson.Compact), "application/json");
        });
        app.MapGet("/api/case/simulation/{number}/necrosis.glb", (HttpContext http, string number) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            // The file name is built from a bounded integer, never from the request text, so no path can escape the case.
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n is < 1 or > 100)
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"the needle number must be 1 to 100, not '{number}'");
            string path = VrRehearsal.NecrosisFile(data.CaseDirectory, n);
            return File.Exists(path)
                ? Results.File(path, "model/gltf-binary")
                : ApiErrors.Result(StatusCodes.Status404NotFound, $"needle {n} has no simulation; run `simulate CASE --needle {n}`");
        });
    }

    private static async Task ServeTexture(HttpContext http, CaseData data, ConcurrentDictionary<(int, double, double), Lazy<VrVolumeTexture>> textures)
    {
        var q = http.Request.Query;
        if (!TryRead(q["size"], VrVolumeTexture.DefaultMaxDimension, out double size) || size != Math.Floor(size)
            || size is < VrVolumeTexture.MinDimension or > VrVolumeTexture.MaxDimension)
        {
            await ApiErrors.Write(http, StatusCodes.Status400BadRequest,
                $"size must be an integer {VrVolumeTexture.MinDimension} to {VrVolumeTexture.MaxDimension} (voxels on the longest axis), not '{q["size"]}'").ConfigureAwait(false);
            return;
        }
        if (!TryRead(q["huMin"], VrVolumeTexture.DefaultHuMin, out double huMin) || !TryRead(q["huMax"], VrVolumeTexture.DefaultHuMax, out double huMax)
            || huMin < -4096 || huMax > 65535 || huMax - huMin < 1)
        {
            await ApiErrors.Write(http, StatusCodes.Status400BadRequest,
                $"huMin and huMax must be numbers in HU with huMin < huMax (at least 1 HU apart, -4096 to 65535), not '{q["huMin"]}', '{q["huMax"]}'").ConfigureAwait(false);
            return;
        }
        VrVolumeTexture texture = textures.GetOrAdd(((int)size, huMin, huMax), key => new(() => VrVolumeTexture.Build(data.Ct(0), key.Item1, key.Item2, key.Item3))).Value;
        var h = http.Response.Headers;
        var g = texture.Geometry;
        h.CacheControl = "no-cache";
        h["X-Dimensions"] = Join(g.Dimensions.X, g.Dimensions.Y, g.Dimensions.Z);
        h["X-Spacing-Mm"] = Join(g.SpacingMm.X, g.SpacingMm.Y, g.SpacingMm.Z);
        h["X-Origin-Mm"] = Join(g.OriginMm.X, g.OriginMm.Y, g.OriginMm.Z);
        h["X-Direction"] = Join(g.Direction.ToRowMajor());
        h["X-Hu-Min"] = Join(texture.HuMin);
        h["X-Hu-Max"] = Join(texture.HuMax);
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = texture.Voxels.Length;
        await http.Response.Body.WriteAsync(texture.Voxels, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<(RayRequest?, IResult?)> ReadRay(HttpContext http)
    {
        const string Shape = "send {\"originMm\":[x,y,z],\"direction\":[x,y,z]} in patient LPS (mm for the origin)";
        (byte[]? body, string? tooBig) = await RequestBody.ReadCappedAsync(http, PlanEndpoints.MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return (null, ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, tooBig!));
        RayRequest? ray;
        try
        {
            using (var doc = JsonDocument.Parse(body))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("originMm", out _) || !doc.RootElement.TryGetProperty("direction", out _))
                    return (null, BadRay($"the body needs originMm and direction; {Shape}"));
            }
            ray = JsonSerializer.Deserialize<RayRequest>(body, NavJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return (null, BadRay($"the body is not a ray ({e.Message}); {Shape}"));
        }
        if (ray is null) return (null, BadRay($"the body is empty; {Shape}"));
        Vec3 o = ray.OriginMm, d = ray.Direction;
        if (!(double.IsFinite(o.X) && double.IsFinite(o.Y) && double.IsFinite(o.Z) && double.IsFinite(d.X) && double.IsFinite(d.Y) && double.IsFinite(d.Z)))
            return (null, BadRay("originMm and direction must be three finite numbers each (patient LPS)"));
        if (Math.Max(Math.Abs(o.X), Math.Max(Math.Abs(o.Y), Math.Abs(o.Z))) > ReachMm)
            return (null, BadRay($"originMm {o} lies more than {ReachMm / 1000:0} m from the patient origin; the origin is in patient LPS mm, not µm"));
        if (d.Length < 1e-6) return (null, BadRay($"direction {d} has no length; give the ray's direction in patient LPS"));
        return (ray, null);
    }

    private static IResult BadRay(string message) => ApiErrors.Result(StatusCodes.Status400BadRequest, message);

    private static bool TryRead(string? raw, double fallback, out double value)
    {
        value = fallback;
        return raw is null || (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));
    }

    private static string Join(params double[] values) =>
        string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
