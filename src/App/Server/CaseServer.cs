using System.Net;
using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.App.Server.Ar;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SurgicalNav.App.Server;

/// <summary>
/// Serves one case folder and the web client over HTTP: the client's static files from the wwwroot next
/// to the assembly, and the case's case.json, plan and anatomy.glb under /api. Only those fixed files are
/// read from the case folder, so no request path can reach anything else on disk.
/// </summary>
public static class CaseServer
{
    /// <summary>File name of the case metadata inside a case folder.</summary>
    public const string CaseFileName = "case.json";

    /// <summary>File name of the anatomy meshes (glTF binary, metres, +Y up) inside a case folder.</summary>
    public const string AnatomyFileName = "anatomy.glb";

    /// <summary>
    /// Starts Kestrel on <see cref="CaseServerOptions.Host"/>:<see cref="CaseServerOptions.Port"/> and returns
    /// once it accepts connections. Throws <see cref="CaseNotFoundException"/> when the folder or its case.json
    /// is missing. Logs go to stderr, warnings and worse only.
    /// </summary>
    public static async Task<RunningServer> StartAsync(CaseServerOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        string caseDirectory = Path.GetFullPath(options.CaseDirectory);
        if (!Directory.Exists(caseDirectory)) throw new CaseNotFoundException(caseDirectory, "the folder does not exist");
        string casePath = Path.Combine(caseDirectory, CaseFileName);
        if (!File.Exists(casePath)) throw new CaseNotFoundException(caseDirectory, $"the folder has no {CaseFileName}");
        if (options.Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "the port must be 0 (any free port) to 65535");

        string webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(CaseServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            Listen(kestrel, options.Host, options.Port, options.Certificate);
        });

        var app = builder.Build();
        string token = options.PairingToken ?? PairingGuard.NewToken();
        var guard = new PairingGuard(token, options.TrustLoopback, new AttemptLimiter());
        app.Use(guard.InvokeAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(10) });
        MapClient(app, webRoot);
        MapApi(app, caseDirectory);
        var data = new CaseData(caseDirectory);
        VolumeEndpoints.Map(app, data);
        PlanEndpoints.Map(app, data);
        VrEndpoints.Map(app, data);
        var guidance = new GuidanceHub(data.ChosenTrajectory, new CaseRegistrationStatus(caseDirectory).Current);
        MapGuidance(app, guidance);
        var classroom = Classroom.ClassroomEndpoints.Map(app, caseDirectory);
        // One live frame graph per server: the tracker feeds it, guidance resolves through it, the AR registration reads
        // poses from it and stores into it (and into case.json).
        FrameGraph frames;
        try
        {
            frames = CaseFrames.Load(caseDirectory);
        }
        catch (InvalidDataException e) when (options.Tracker is null)
        {
            // Without a tracker nothing needs the graph to serve the case; the AR registration reports the same error when it writes.
            app.Logger.LogWarning("{Message}", e.Message);
            frames = new FrameGraph();
        }
        TrackedNeedleSource? tracker = null;
        if (options.Tracker is not null)
        {
            (string host, int port) = TrackedNeedleSource.ParseAddress(options.Tracker);
            tracker = new TrackedNeedleSource(frames, host, port, options.NeedleTool, new IgtlOptions { Log = options.TrackerLog ?? (m => app.Logger.LogWarning("{Message}", m)) });
            guidance.Attach(tracker);
        }
        var ar = new ArSession(data, frames, tracker, options.PointerTool, guidance.RefreshRegistration);
        ArRegistrationEndpoints.Map(app, ar);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            if (tracker is not null) await tracker.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new RunningServer(app, BoundUrl(app), token, guidance, guard) { Classroom = classroom, Frames = frames, Tracker = tracker, Ar = ar };
    }

    /// <summary>Largest request body Kestrel accepts, in bytes (no endpoint takes uploads larger than this).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    private static void MapGuidance(WebApplication app, GuidanceHub guidance)
    {
        app.Map("/ws", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                await ApiErrors.Write(http, StatusCodes.Status400BadRequest, "/ws is a WebSocket; connect with new WebSocket(url)").ConfigureAwait(false);
                return;
            }
            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await guidance.ServeAsync(socket, http.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/api/guidance/stats", () => Results.Text(JsonSerializer.Serialize(guidance.Stats(), Imaging.Json.NavJson.Compact), "application/json"));
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> tls = listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        };
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel's ListenLocalhost cannot pick a free port; loopback IPv4 can.
            kestrel.Listen(IPAddress.Loopback, port, tls);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port, tls);
        }
        else
        {
            throw new ArgumentException($"'{host}' is not an IP address; use an address such as 127.0.0.1 or 0.0.0.0, or 'localhost'.", nameof(host));
        }
    }

    private static Uri BoundUrl(WebApplication app)
    {
        string bound = app.Urls.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started but reported no address.");
        var uri = new UriBuilder(bound) { Path = "/" };
        // A wildcard bind is reachable on loopback too; a browser cannot open 0.0.0.0 or [::] everywhere.
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        return uri.Uri;
    }

    private static void MapClient(WebApplication app, string webRoot)
    {
        if (!Directory.Exists(webRoot))
        {
            app.Logger.LogWarning("The web client is missing: {WebRoot} does not exist. Build with `dotnet build` to produce it.", webRoot);
            app.MapGet("/", () => Results.Text(
                $"The SurgicalNav web client is not built: {webRoot} is missing. Run `dotnet build` and start the server again.",
                "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable));
            return;
        }
        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    private static void MapApi(WebApplication app, string caseDirectory)
    {
        string casePath = Path.Combine(caseDirectory, CaseFileName);
        string anatomyPath = Path.Combine(caseDirectory, AnatomyFileName);

        app.MapGet("/api/health", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/api/case", (HttpContext http) => CaseFile(http, casePath, "application/json"));
        app.MapGet("/api/case/anatomy.glb", (HttpContext http) => CaseFile(http, anatomyPath, "model/gltf-binary"));
        app.MapGet("/api/case/plan", async (HttpContext http) =>
        {
            NoCache(http);
            if (!File.Exists(casePath)) return Missing(casePath);
            await using var stream = File.OpenRead(casePath);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            if (!doc.RootElement.TryGetProperty("plan", out var plan) || plan.ValueKind == JsonValueKind.Null)
                return Error(StatusCodes.Status404NotFound, $"{casePath} has no plan yet; run `surgicalnav plan` on the case.");
            return Results.Text(plan.GetRawText(), "application/json");
        });
    }

    private static IResult CaseFile(HttpContext http, string path, string contentType)
    {
        NoCache(http);
        // The files are rewritten by rename when the pipeline runs again, so read them on each request.
        return File.Exists(path) ? Results.File(path, contentType) : Missing(path);
    }

    private static IResult Missing(string path) =>
        Error(StatusCodes.Status404NotFound, $"{path} does not exist; rebuild the case with `surgicalnav case` or `./nav demo`.");

    private static IResult Error(int status, string message) =>
        Results.Text(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }), "application/json", statusCode: status);

    private static void NoCache(HttpContext http) => http.Response.Headers.CacheControl = "no-cache";
}
