using Microsoft.AspNetCore.Builder;
using SurgicalNav.App.Guidance;

namespace SurgicalNav.App.Server;

/// <summary>A started <see cref="CaseServer"/>: its address, a way to wait for it to stop, and disposal to stop it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    internal RunningServer(WebApplication app, Uri url, string pairingToken, GuidanceHub guidance, PairingGuard guard)
    {
        _app = app;
        Url = url;
        PairingToken = pairingToken;
        Guidance = guidance;
        Guard = guard;
    }

    /// <summary>The token clients off this machine must present (Bearer header or ?token=).</summary>
    public string PairingToken { get; }

    /// <summary>The URL with the pairing token as ?token=, for the QR code and for headsets on the LAN.</summary>
    public Uri PairingUrl => new UriBuilder(Url) { Query = "token=" + Uri.EscapeDataString(PairingToken) }.Uri;

    /// <summary>The guidance channel (/ws): attach a pose source to it, read its counters.</summary>
    public GuidanceHub Guidance { get; }

    /// <summary>The classroom (multi-user teaching sessions) of this server.</summary>
    public Classroom.ClassroomRegistry Classroom { get; internal init; } = null!;

    /// <summary>The live frame graph (mm): loaded from the case, fed by the tracker, written by the AR registration.</summary>
    public Registration.Frames.FrameGraph Frames { get; internal init; } = null!;

    /// <summary>The OpenIGTLink tracker the server reads (serve --tracker), null without one.</summary>
    public TrackedNeedleSource? Tracker { get; internal init; }

    /// <summary>The in-app AR registration (tip calibration, pointer and headset registration).</summary>
    public Ar.ArSession Ar { get; internal init; } = null!;

    /// <summary>The token check, with its rejection counter.</summary>
    public PairingGuard Guard { get; }

    /// <summary>The base URL the server answers on, e.g. http://127.0.0.1:8080/, with the actual port when 0 was asked for.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The route patterns the server answers for an HTTP method (routes without a method, such as WebSockets,
    /// included), e.g. "/api/case": what a security test must walk through.
    /// </summary>
    public IReadOnlyList<string> RoutePatterns(string method) =>
        [.. Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>(_app.Services)
            .Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not { } m || m.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))];

    /// <summary>Completes when the server shuts down (Ctrl+C, SIGTERM or disposal) or when <paramref name="ct"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    /// <summary>Stops the server, letting requests in flight finish for up to a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            if (Tracker is not null) await Tracker.DisposeAsync().ConfigureAwait(false);
            await Guidance.DisposeAsync().ConfigureAwait(false);
            await Classroom.DisposeAsync().ConfigureAwait(false);
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
