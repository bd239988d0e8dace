using System.Net.Sockets;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Net;

/// <summary>
/// One TCP connection speaking OpenIGTLink. Receiving runs on its own background thread with blocking reads, which
/// gives the lowest latency and no per-message allocation; sending is thread-safe. Whatever the peer does, the
/// receive loop ends by closing this connection only, never by throwing.
/// </summary>
public sealed class IgtlConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly IgtlOptions _options;
    private readonly IgtlCounters _counters;
    private readonly IgtlStreamParser _parser;
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    internal IgtlConnection(Socket socket, IgtlOptions options, IgtlCounters counters, Action<IgtlConnection, IgtlMessage>? handler)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _options = options;
        _counters = counters;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown peer";
        _parser = new IgtlStreamParser(options, counters, RemoteEndPoint, m => handler?.Invoke(this, m));
    }

    /// <summary>The peer's address and port, for logs.</summary>
    public string RemoteEndPoint { get; }

    /// <summary>Completes when the connection has ended (peer closed, error, idle timeout or dispose).</summary>
    public Task Completion => _completion.Task;

    /// <summary>True until the connection has ended.</summary>
    public bool IsOpen => !_completion.Task.IsCompleted;

    internal void Start()
    {
        _counters.CountOpened();
        new Thread(ReceiveLoop) { IsBackground = true, Name = "igtl-recv " + RemoteEndPoint }.Start();
    }

    /// <summary>Sends one whole message; false (and the connection closes) when the peer is gone.</summary>
    public bool Send(ReadOnlySpan<byte> message)
    {
        lock (_sendLock)
        {
            try
            {
                while (!message.IsEmpty) message = message[_socket.Send(message)..];
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _parser.Log(ReadResult.Ok, $"send failed ({e.Message}); closing");
                Dispose();
                return false;
            }
        }
    }

    private void ReceiveLoop()
    {
        try
        {
            _socket.ReceiveTimeout = _options.IdleTimeout > TimeSpan.Zero ? (int)_options.IdleTimeout.TotalMilliseconds : 0;
            while (true)
            {
                int n = _socket.Receive(_parser.FreeSpace());
                long receivedNs = TrackingClock.NowNs();
                if (n == 0)
                {
                    if (_parser.InMessage)
                    {
                        _counters.CountTruncated();
                        _parser.Log(ReadResult.Malformed, "peer closed the connection in the middle of a message (truncated)");
                    }
                    break;
                }
                _parser.Advance(n, receivedNs);
                if (_parser.Broken) break;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            _counters.CountIdle();
            _parser.Log(ReadResult.Ok, $"nothing received for {_options.IdleTimeout.TotalSeconds:0.###} s; closing the idle connection");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                if (_parser.InMessage) _counters.CountTruncated();
                _parser.Log(ReadResult.Ok, $"connection lost ({e.Message})");
            }
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Closes the socket; the receive thread ends on its own.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
        _counters.CountClosed();
        _completion.TrySetResult();
    }
}
