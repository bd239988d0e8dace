using Microsoft.AspNetCore.Builder;

namespace SurgicalNav.App.Server;

/// <summary>A started <see cref="CaseServer"/>: its address, a way to wait for it to stop, and disposal to stop it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    internal RunningServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base URL the server answers on, e.g. http://127.0.0.1:8080/, with the actual port when 0 was asked for.</summary>
    public Uri Url { get; }

    /// <summary>Completes when the server shuts down (Ctrl+C, SIGTERM or disposal) or when <paramref name="ct"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    /// <summary>Stops the server, letting requests in flight finish for up to a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
