using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Server;

/// <summary>
/// POST /api/case/evaluate: length and clearances (mm) of a user's path, computed by the planner; nothing is
/// saved. POST /api/case/plan/accept: evaluates the path again (client figures are never trusted) and makes it
/// the chosen trajectory of its target in case.json. Both take a <see cref="PathRequest"/>.
/// </summary>
internal static class PlanEndpoints
{
    /// <summary>Largest JSON body accepted by these endpoints, in bytes.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static void Map(WebApplication app, CaseData data)
    {
        app.MapPost("/api/case/evaluate", async (HttpContext http) =>
        {
            (PathRequest? request, IResult? error) = await Read(http, data).ConfigureAwait(false);
            if (error is not null) return error;
            return Json(Evaluate(data, request!, out _));
        });
        app.MapPost("/api/case/plan/accept", async (HttpContext http) =>
        {
            (PathRequest? request, IResult? error) = await Read(http, data).ConfigureAwait(false);
            if (error is not null) return error;
            Trajectory accepted = Evaluate(data, request!, out PlanTarget target);
            CaseDocument updated = data.Update(doc => doc with { Plan = Accept(doc.Plan, target, accepted) });
            return Json(updated.Plan);
        });
    }

    /// <summary>The plan with <paramref name="accepted"/> first and any other trajectory to the same target removed.</summary>
    public static Plan Accept(Plan? plan, PlanTarget target, Trajectory accepted)
    {
        plan ??= new Plan([], [], 5, new Dictionary<string, double>());
        var targets = plan.Targets.Any(t => t.Name == target.Name) ? plan.Targets : [.. plan.Targets, target];
        var trajectories = new List<Trajectory> { accepted };
        trajectories.AddRange(plan.Trajectories.Where(t => t.Target != target.Name));
        return plan with { Targets = targets, Trajectories = trajectories };
    }

    private static Trajectory Evaluate(CaseData data, PathRequest request, out PlanTarget target)
    {
        PlanTarget? known = data.Document().Plan?.Targets.FirstOrDefault(t => t.Name == request.Target);
        target = known is null
            ? new PlanTarget(string.IsNullOrWhiteSpace(request.Target) ? "manual" : request.Target!, request.TargetMm, 0, 0)
            : known with { CenterMm = request.TargetMm };
        return data.Planner.Evaluate("manual", target, request.EntryMm);
    }

    private static async Task<(PathRequest?, IResult?)> Read(HttpContext http, CaseData data)
    {
        (byte[]? body, string? tooBig) = await RequestBody.ReadCappedAsync(http, MaxBodyBytes).ConfigureAwait(false);
        if (body is null) return (null, ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, tooBig!));
        PathRequest? request;
        try
        {
            using (var doc = JsonDocument.Parse(body))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("entryMm", out _) || !doc.RootElement.TryGetProperty("targetMm", out _))
                    return (null, Bad("the body needs both entryMm and targetMm as [x,y,z] in patient LPS mm"));
            }
            request = JsonSerializer.Deserialize<PathRequest>(body, NavJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, Bad($"the body is not a path request ({e.Message}); send {{\"entryMm\":[x,y,z],\"targetMm\":[x,y,z]}} in patient LPS mm"));
        }
        if (request is null) return (null, Bad("the body is empty; send {\"entryMm\":[x,y,z],\"targetMm\":[x,y,z]}"));
        var geometry = data.LabelMap.Geometry;
        foreach ((string name, Vec3 p) in new[] { ("entryMm", request.EntryMm), ("targetMm", request.TargetMm) })
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z))
                return (null, Bad($"{name} must be three finite numbers (patient LPS mm)"));
            if (!geometry.ContainsPoint(p))
                return (null, Bad($"{name} {p} mm lies outside the image; pick a point inside the scan"));
        }
        if (Vec3.Distance(request.EntryMm, request.TargetMm) < 1)
            return (null, Bad("entry and target are less than 1 mm apart; pick an entry on the skin"));
        if (request.Target is { Length: > 64 }) return (null, Bad("target names are at most 64 characters"));
        return (request, null);
    }

    private static IResult Bad(string message) => ApiErrors.Result(StatusCodes.Status400BadRequest, message);

    private static IResult Json<T>(T value) =>
        Results.Text(JsonSerializer.Serialize(value, NavJson.Compact), "application/json");
}
