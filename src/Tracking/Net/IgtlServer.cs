using System.Net;
using System.Net.Sockets;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Net;

/// <summary>
/// An OpenIGTLink TCP server: accepts peers (up to <see cref="IgtlOptions.MaxConnections"/>), hands every valid
/// message to the handler on that connection's receive thread, and can broadcast to every peer (as a tracker does).
/// A misbehaving peer only ever ends its own connection.
/// </summary>
public sealed class IgtlServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IgtlOptions _options;
    private readonly Action<IgtlConnection, IgtlMessage>? _handler;
    private readonly List<IgtlConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private IgtlServer(IPAddress address, int port, IgtlOptions options, Action<IgtlConnection, IgtlMessage>? handler)
    {
        _options = options;
        _handler = handler;
        _listener = new TcpListener(address, port);
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot listen for OpenIGTLink on {address}:{port} ({e.Message}); pick another --port or stop what uses it", e);
        }
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Starts listening on address:port (port 0 picks a free one, see <see cref="Port"/>).</summary>
    public static IgtlServer Start(IPAddress address, int port, IgtlOptions? options = null, Action<IgtlConnection, IgtlMessage>? handler = null) =>
        new(address, port, options ?? new IgtlOptions(), handler);

    /// <summary>The TCP port listened on.</summary>
    public int Port { get; }

    /// <summary>What this server received and rejected, over all connections.</summary>
    public IgtlCounters Counters { get; } = new();

    /// <summary>Connections open now.</summary>
    public int ConnectionCount
    {
        get { lock (_connections) return _connections.Count(c => c.IsOpen); }
    }

    /// <summary>Sends the message to every open connection; returns how many got it.</summary>
    public int Broadcast(ReadOnlySpan<byte> message)
    {
        int sent = 0;
        lock (_connections)
        {
            _connections.RemoveAll(c => !c.IsOpen);
            foreach (IgtlConnection c in _connections) if (c.Send(message)) sent++;
        }
        return sent;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _options.Log?.Invoke($"OpenIGTLink server: accept failed ({e.Message}); still listening");
                continue;
            }
            lock (_connections)
            {
                _connections.RemoveAll(c => !c.IsOpen);
                if (_connections.Count >= _options.MaxConnections)
                {
                    Counters.CountRefused();
                    _options.Log?.Invoke($"OpenIGTLink server: refusing {socket.RemoteEndPoint}, already {_connections.Count} connections (limit {_options.MaxConnections})");
                    socket.Dispose();
                    continue;
                }
                var connection = new IgtlConnection(socket, _options, Counters, _handler);
                _connections.Add(connection);
                connection.Start();
            }
        }
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        IgtlConnection[] all;
        lock (_connections) all = [.. _connections];
        foreach (IgtlConnection c in all) c.Dispose();
        await Task.WhenAll(all.Select(c => c.Completion));
        _stop.Dispose();
    }
}
