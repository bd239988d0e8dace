using System.Net.Sockets;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Net;

/// <summary>
/// An OpenIGTLink TCP client that stays connected: when the connection fails or drops it retries with exponential
/// backoff (<see cref="IgtlOptions.ReconnectInitialDelay"/> doubling up to <see cref="IgtlOptions.ReconnectMaxDelay"/>,
/// reset after each successful connection) until disposed.
/// </summary>
public sealed class IgtlClient : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly IgtlOptions _options;
    private readonly Action<IgtlConnection, IgtlMessage>? _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile IgtlConnection? _connection;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts connecting to host:port in the background.</summary>
    public IgtlClient(string host, int port, IgtlOptions? options = null, Action<IgtlConnection, IgtlMessage>? handler = null)
    {
        _host = host;
        _port = port;
        _options = options ?? new IgtlOptions();
        _handler = handler;
        _loop = RunAsync();
    }

    /// <summary>What this client received and rejected, over all its connections.</summary>
    public IgtlCounters Counters { get; } = new();

    /// <summary>True while connected.</summary>
    public bool IsConnected => _connection?.IsOpen == true;

    /// <summary>Waits until connected; false when the timeout passes first.</summary>
    public async Task<bool> WaitConnectedAsync(TimeSpan timeout)
    {
        Task t = Volatile.Read(ref _connected).Task;
        return await Task.WhenAny(t, Task.Delay(timeout)) == t && IsConnected;
    }

    /// <summary>Sends one whole message; false when not connected.</summary>
    public bool Send(ReadOnlySpan<byte> message) => _connection is { } c && c.Send(message);

    private async Task RunAsync()
    {
        TimeSpan delay = _options.ReconnectInitialDelay;
        while (!_stop.IsCancellationRequested)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(_host, _port, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (_stop.IsCancellationRequested) return;
                Counters.CountReconnect();
                _options.Log?.Invoke($"OpenIGTLink client: cannot connect to {_host}:{_port} ({e.Message}); retrying in {delay.TotalMilliseconds:0} ms");
                if (!await DelayAsync(delay)) return;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                continue;
            }
            delay = _options.ReconnectInitialDelay;
            var connection = new IgtlConnection(socket, _options, Counters, _handler);
            _connection = connection;
            connection.Start();
            Volatile.Read(ref _connected).TrySetResult();
            await Task.WhenAny(connection.Completion, Task.Delay(Timeout.Infinite, _stop.Token)).ConfigureAwait(false);
            connection.Dispose();
            Volatile.Write(ref _connected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_stop.IsCancellationRequested) return;
            Counters.CountReconnect();
            _options.Log?.Invoke($"OpenIGTLink client: connection to {_host}:{_port} ended; reconnecting in {delay.TotalMilliseconds:0} ms");
            if (!await DelayAsync(delay)) return;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops reconnecting and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _connection?.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
