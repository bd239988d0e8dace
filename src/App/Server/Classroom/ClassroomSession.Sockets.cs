using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace SurgicalNav.App.Server.Classroom;

public sealed partial class ClassroomSession
{
    private readonly ConcurrentDictionary<long, Connection> _sockets = new();
    private long _sent;

    /// <summary>Messages a member may send per second, sustained; a burst of as many is allowed.</summary>
    public const double MaxMessagesPerSecond = 240;

    private sealed class Connection(WebSocket socket, Channel<byte[]> outbox)
    {
        public WebSocket Socket { get; } = socket;
        public Channel<byte[]> Outbox { get; } = outbox;
        public double Tokens = MaxMessagesPerSecond;
        public long LastRefillTicks = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Serves one member's accepted WebSocket until it closes: the welcome first, then every change from the
    /// controller. Client messages are validated (<see cref="ClassroomMessages"/>) and rate-limited; what fails is
    /// dropped and counted, and the connection stays. A second socket of the same member replaces the first.
    /// A slow member loses its oldest pending messages instead of holding the others back.
    /// </summary>
    public async Task ServeAsync(Participant member, WebSocket socket, CancellationToken ct)
    {
        var outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var connection = new Connection(socket, outbox);
        outbox.Writer.TryWrite(Welcome(member));
        if (_sockets.TryGetValue(member.Id, out var previous)) previous.Outbox.Writer.TryComplete();
        _sockets[member.Id] = connection;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task sending = SendLoopAsync(connection, stop.Token);
        try
        {
            await ReceiveLoopAsync(member, connection, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // the member went away
        }
        finally
        {
            _sockets.TryRemove(new KeyValuePair<long, Connection>(member.Id, connection));
            outbox.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            try { await sending.ConfigureAwait(false); } catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException) { }
        }
    }

    /// <summary>Tells every member the session ended and closes their sockets.</summary>
    public async Task EndAsync()
    {
        Broadcast("{\"type\":\"ended\"}"u8.ToArray(), exceptId: 0);
        foreach (Connection c in _sockets.Values)
        {
            c.Outbox.Writer.TryComplete();
            try
            {
                if (c.Socket.State == WebSocketState.Open)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await c.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // already gone
            }
        }
    }

    private void Broadcast(byte[] payload, long exceptId)
    {
        foreach ((long id, Connection c) in _sockets)
        {
            if (id != exceptId) c.Outbox.Writer.TryWrite(payload);
        }
    }

    private void SendTo(long memberId, byte[] payload)
    {
        if (_sockets.TryGetValue(memberId, out var c)) c.Outbox.Writer.TryWrite(payload);
    }

    private async Task SendLoopAsync(Connection connection, CancellationToken ct)
    {
        await foreach (byte[] payload in connection.Outbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (connection.Socket.State != WebSocketState.Open) return;
            await connection.Socket.SendAsync(payload, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
        }
    }

    private async Task ReceiveLoopAsync(Participant member, Connection connection, CancellationToken ct)
    {
        byte[] buffer = new byte[ClassroomMessages.MaxBytes];
        WebSocket socket = connection.Socket;
        while (socket.State == WebSocketState.Open)
        {
            int length = 0;
            bool oversized = false;
            ValueWebSocketReceiveResult result;
            do
            {
                // Past MaxBytes the rest is read into the same buffer and thrown away: the message is malformed.
                if (length == buffer.Length) { oversized = true; length = 0; }
                result = await socket.ReceiveAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                return;
            }
            if (!TakeToken(connection)) { CountRateLimited(); continue; }
            ClassroomCommand? command = oversized || result.MessageType != WebSocketMessageType.Text
                ? null : ClassroomMessages.TryParse(buffer.AsSpan(0, length), _segments);
            if (command is null) { CountMalformed(); continue; }
            Apply(member, command);
        }
    }

    private static bool TakeToken(Connection c)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        double seconds = (now - c.LastRefillTicks) / (double)System.Diagnostics.Stopwatch.Frequency;
        c.LastRefillTicks = now;
        c.Tokens = Math.Min(MaxMessagesPerSecond, c.Tokens + seconds * MaxMessagesPerSecond);
        if (c.Tokens < 1) return false;
        c.Tokens -= 1;
        return true;
    }
}
