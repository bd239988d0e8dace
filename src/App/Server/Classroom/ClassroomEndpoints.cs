using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// The classroom's HTTP and WebSocket routes. The teacher's, behind the pairing token like all of /api:
/// POST /api/classroom {"joinMinutes":n} starts a session and returns its code and the teacher's key;
/// GET /api/classroom gives its counters; DELETE /api/classroom ends it. The students', under /classroom and
/// guarded by the classroom itself instead of the pairing token: POST /classroom/join {"code","name"} gives a
/// member key (401 for a wrong or expired code, 429 after repeated failures); with that key (Bearer header or
/// ?key=) GET /classroom/case and GET /classroom/anatomy.glb give the de-identified case, and /classroom/ws the
/// live shared state. Nothing else of the case is reachable with a member key.
/// </summary>
public static class ClassroomEndpoints
{
    /// <summary>Largest join or start body, in bytes.</summary>
    public const int MaxBodyBytes = 1024;

    /// <summary>Maps the routes for the case in <paramref name="caseDirectory"/> and returns the registry they share.</summary>
    public static ClassroomRegistry Map(WebApplication app, string caseDirectory)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = new ClassroomRegistry(() => ReadCase(caseDirectory));

        app.MapPost("/api/classroom", async (HttpContext http) =>
        {
            JsonElement? body = await ReadBodyAsync(http).ConfigureAwait(false);
            double minutes = ClassroomRegistry.DefaultJoinWindow.TotalMinutes;
            if (body is { } b && b.TryGetProperty("joinMinutes", out var m))
            {
                if (!m.TryGetDouble(out minutes) || minutes is < 1 or > 24 * 60)
                    return ApiErrors.Result(StatusCodes.Status400BadRequest, "joinMinutes must be a number of minutes from 1 to 1440");
            }
            ClassroomSession session = await registry.StartAsync(TimeSpan.FromMinutes(minutes)).ConfigureAwait(false);
            return Json(new JsonObject
            {
                ["code"] = session.Code, ["teacherKey"] = session.Teacher.Key, ["teacherId"] = session.Teacher.Id,
                ["joinUntilUtc"] = session.JoinUntilUtc.ToString("O", CultureInfo.InvariantCulture), ["joinPath"] = $"/?join={session.Code}",
            });
        });
        app.MapGet("/api/classroom", () =>
        {
            if (registry.Current is not { } s)
                return ApiErrors.Result(StatusCodes.Status404NotFound, "no classroom session is running; start one with POST /api/classroom or `serve --classroom`");
            var status = JsonSerializer.SerializeToNode(s.Stats(), NavJson.Compact)!.AsObject();
            status["members"] = new JsonArray([.. s.Members().Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Member.Id, ["name"] = m.Member.Name, ["role"] = m.Member.Role == ClassroomRole.Teacher ? "teacher" : "student", ["connected"] = m.Connected,
            })]);
            return Json(status);
        });
        app.MapDelete("/api/classroom", async () =>
        {
            await registry.EndAsync().ConfigureAwait(false);
            return Results.NoContent();
        });

        app.MapPost("/classroom/join", async (HttpContext http) =>
        {
            IPAddress remote = http.Connection.RemoteIpAddress ?? IPAddress.None;
            if (LockedOut(http, registry, remote) is { } locked) return locked;
            JsonElement? body = await ReadBodyAsync(http).ConfigureAwait(false);
            string? code = body is { } b && b.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            string? name = body is { } b2 && b2.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            ClassroomSession? session = registry.Current;
            if (session is null)
            {
                registry.JoinLimiter.Fail(remote);
                return Unauthorized(http, "no classroom session is running; ask the teacher to start one");
            }
            Participant? student = session.Join(code, name, out string why);
            if (student is null)
            {
                registry.JoinLimiter.Fail(remote);
                return Unauthorized(http, why);
            }
            return Json(new JsonObject { ["key"] = student.Key, ["clientId"] = student.Id, ["name"] = student.Name, ["role"] = "student" });
        });
        app.MapGet("/classroom/case", (Func<HttpContext, Task<IResult>>)(http => WithMember(http, registry, (session, _) =>
        {
            CaseDocument students = session.Deidentifier.Case(CaseStore.Load(caseDirectory));
            http.Response.Headers.CacheControl = "no-store";
            return Task.FromResult(Results.Text(JsonSerializer.Serialize(students, NavJson.Options), "application/json"));
        })));
        app.MapGet("/classroom/anatomy.glb", (Func<HttpContext, Task<IResult>>)(http => WithMember(http, registry, async (session, _) =>
        {
            session.Deidentifier.Case(CaseStore.Load(caseDirectory)); // learns the words to scrub before the names are
            string path = Path.Combine(caseDirectory, CaseStore.AnatomyFile);
            if (!File.Exists(path)) return ApiErrors.Result(StatusCodes.Status404NotFound, "the case has no anatomy.glb; rebuild the case");
            byte[] glb = await File.ReadAllBytesAsync(path, http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(session.Deidentifier.Glb(glb), "model/gltf-binary");
        })));
        app.Map("/classroom/ws", async (HttpContext http) =>
        {
            IPAddress remote = http.Connection.RemoteIpAddress ?? IPAddress.None;
            if (LockedOut(http, registry, remote) is { } locked) { await locked.ExecuteAsync(http).ConfigureAwait(false); return; }
            (ClassroomSession? session, Participant? member) = registry.Authorize(Key(http.Request));
            if (session is null || member is null)
            {
                registry.JoinLimiter.Fail(remote);
                await Unauthorized(http, "this classroom key is not valid (wrong key, or the session ended); join again with the code").ExecuteAsync(http).ConfigureAwait(false);
                return;
            }
            if (!http.WebSockets.IsWebSocketRequest)
            {
                await ApiErrors.Write(http, StatusCodes.Status400BadRequest, "/classroom/ws is a WebSocket; connect with new WebSocket(url)").ConfigureAwait(false);
                return;
            }
            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await session.ServeAsync(member, socket, http.RequestAborted).ConfigureAwait(false);
        });
        return registry;
    }

    private static async Task<IResult> WithMember(HttpContext http, ClassroomRegistry registry, Func<ClassroomSession, Participant, Task<IResult>> serve)
    {
        IPAddress remote = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (LockedOut(http, registry, remote) is { } locked) return locked;
        (ClassroomSession? session, Participant? member) = registry.Authorize(Key(http.Request));
        if (session is null || member is null)
        {
            registry.JoinLimiter.Fail(remote);
            return Unauthorized(http, "this needs a classroom key; join with the teacher's code first (POST /classroom/join)");
        }
        return await serve(session, member).ConfigureAwait(false);
    }

    private static IResult? LockedOut(HttpContext http, ClassroomRegistry registry, IPAddress remote)
    {
        int wait = registry.JoinLimiter.LockedOutSeconds(remote);
        if (wait == 0) return null;
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return ApiErrors.Result(StatusCodes.Status429TooManyRequests, $"too many wrong classroom codes or keys from {remote}; wait {wait} s and check the code with the teacher");
    }

    private static IResult Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiErrors.Result(StatusCodes.Status401Unauthorized, message);
    }

    private static string? Key(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        string? query = request.Query["key"];
        return string.IsNullOrEmpty(query) ? null : query;
    }

    private static async Task<JsonElement?> ReadBodyAsync(HttpContext http)
    {
        (byte[]? body, _) = await RequestBody.ReadCappedAsync(http, MaxBodyBytes).ConfigureAwait(false);
        if (body is null || body.Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CaseDocument? ReadCase(string caseDirectory)
    {
        try
        {
            return CaseStore.Load(caseDirectory);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null; // no readable case: visibility changes are refused until a new session
        }
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
