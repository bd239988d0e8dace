using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Registration.PointBased;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Server;

/// <summary>
/// The in-app AR registration: GET /api/case/ar/fiducials lists the skin landmarks to touch (image LPS mm) with the
/// latest registration; POST /api/case/ar/register takes {"xrWorldMm":[[x,y,z],…]}, the touched points in headset
/// world mm in the order of the fiducials (3 or more, the first k fiducials), solves the paired-point registration,
/// and on success stores XrWorld → Image in the case's frame graph. Refuses fewer than 3 points, non-finite or
/// out-of-room coordinates, collinear points and an FRE above <see cref="FreLimitMm"/> with a 400/422 and a message;
/// a damaged ar-registration.json or a case without a usable label map gets 409 naming the file and the fix.
/// </summary>
internal static class ArRegistrationEndpoints
{
    /// <summary>Stated RMS fiducial localisation error of a controller tip touched on skin, mm (tracking + touch).</summary>
    public const double FleMm = 2.0;

    /// <summary>Largest FRE accepted, mm: above it a landmark was mis-touched or the patient moved.</summary>
    public const double FreLimitMm = 5.0;

    /// <summary>Largest coordinate accepted in headset world, mm (a 20 m room around the origin).</summary>
    private const double RoomMm = 10_000;

    private const int MaxBodyBytes = 16 * 1024;

    public static void Map(WebApplication app, CaseData data)
    {
        var gate = new object();
        app.MapGet("/api/case/ar/fiducials", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            ArRegistrationFile file;
            try
            {
                lock (gate) file = ArFiducials.LoadOrChoose(data.CaseDirectory, data.Labels(0), data.ChosenTrajectory()?.TargetMm);
            }
            catch (InvalidDataException e)
            {
                return ApiErrors.Result(StatusCodes.Status409Conflict, e.Message);
            }
            return Json(new { fiducials = file.Fiducials, latest = file.Latest, fleMm = FleMm, freLimitMm = FreLimitMm });
        });
        app.MapPost("/api/case/ar/register", async (HttpContext http) =>
        {
            (Vec3[]? points, string? error) = await Read(http).ConfigureAwait(false);
            if (points is null) return ApiErrors.Result(StatusCodes.Status400BadRequest, error!);
            try
            {
                lock (gate) return Register(data, points);
            }
            catch (InvalidDataException e)
            {
                return ApiErrors.Result(StatusCodes.Status409Conflict, e.Message);
            }
        });
    }

    private static IResult Register(CaseData data, Vec3[] xrWorld)
    {
        ArRegistrationFile file = ArFiducials.LoadOrChoose(data.CaseDirectory, data.Labels(0), data.ChosenTrajectory()?.TargetMm);
        if (xrWorld.Length < 3 || xrWorld.Length > file.Fiducials.Count)
        {
            return ApiErrors.Result(StatusCodes.Status400BadRequest,
                $"got {xrWorld.Length} touched points; the registration needs 3 to {file.Fiducials.Count} (one per fiducial, in order). Touch at least 3 fiducials, 4 or more spread around the target");
        }
        Vec3[] image = file.Fiducials.Take(xrWorld.Length).Select(f => f.ImageMm).ToArray();
        PointRegistrationResult r;
        try
        {
            r = PointRegistration.Solve(xrWorld, image);
        }
        catch (RegistrationException e)
        {
            return ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, e.Message);
        }
        if (r.FreMm > FreLimitMm)
        {
            string worst = r.Worst is { } w ? $" Fiducial {w.Index + 1} ({file.Fiducials[w.Index].Name}) fits worst; " : " ";
            return ApiErrors.Result(StatusCodes.Status422UnprocessableEntity,
                $"FRE {r.FreMm:0.0} mm is above the {FreLimitMm:0.0} mm limit.{worst}touch the fiducials again, tip on the skin mark, and keep the patient still");
        }
        Vec3? target = data.ChosenTrajectory()?.TargetMm;
        var result = new ArRegistrationResult(xrWorld.Length, r.FreMm, [.. r.ResidualsMm], target is { } t ? r.PredictTreMm(t, FleMm) : null,
            target?.ToArray(), FleMm, FreLimitMm, r.MovingToFixed.ToRowMajor(), r.MovingToFixed.Inverse().ToRowMajor(), DateTime.UtcNow);
        CaseFrames.SaveEdge(data.CaseDirectory, new FrameEdge(FrameNames.XrWorld, FrameNames.Image, r.MovingToFixed, TrackingClock.NowNs(), Valid: true, Static: true));
        ArFiducials.Save(data.CaseDirectory, file with { Latest = result });
        return Json(result);
    }

    private static async Task<(Vec3[]?, string?)> Read(HttpContext http)
    {
        const string Shape = "send {\"xrWorldMm\":[[x,y,z],…]}, the touched points in headset world mm in fiducial order";
        (byte[]? body, string? tooBig) = await RequestBody.ReadCappedAsync(http, MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return (null, tooBig);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("xrWorldMm", out var list) || list.ValueKind != JsonValueKind.Array)
                return (null, $"the body has no xrWorldMm array; {Shape}");
            var points = new List<Vec3>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 3 || item.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                    return (null, $"point {points.Count + 1} is not [x,y,z]; {Shape}");
                var p = new Vec3(item[0].GetDouble(), item[1].GetDouble(), item[2].GetDouble());
                if (!(Math.Abs(p.X) <= RoomMm && Math.Abs(p.Y) <= RoomMm && Math.Abs(p.Z) <= RoomMm))
                    return (null, $"point {points.Count + 1} {p} lies more than {RoomMm / 1000:0} m from the headset origin; headset world points are in mm, not m or cm");
                if (points.Count >= 64) return (null, "more than 64 points; touch one point per fiducial");
                points.Add(p);
            }
            return ([.. points], null);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return (null, $"the body is not JSON ({e.Message}); {Shape}");
        }
    }

    private static IResult Json<T>(T value) => Results.Text(JsonSerializer.Serialize(value, NavJson.Compact), "application/json");
}
