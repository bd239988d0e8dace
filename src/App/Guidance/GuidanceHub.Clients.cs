using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace SurgicalNav.App.Guidance;

public sealed partial class GuidanceHub
{
    private readonly ConcurrentDictionary<long, Client> _clients = new();
    private long _nextClient, _sent, _malformed;

    private sealed record Client(WebSocket Socket, Channel<(byte[] Payload, long ReceivedTicks)> Outbox);

    /// <summary>Malformed client messages dropped so far.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>
    /// Serves one accepted WebSocket until it closes: sends the current state at once, then every message,
    /// and reads the client's messages (validated by <see cref="ClientMessages"/>). A slow client loses its
    /// oldest pending messages instead of holding the others back.
    /// </summary>
    public async Task ServeAsync(WebSocket socket, CancellationToken ct)
    {
        var outbox = Channel.CreateBounded<(byte[], long)>(new BoundedChannelOptions(4)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        });
        long id = Interlocked.Increment(ref _nextClient);
        var client = new Client(socket, outbox);
        outbox.Writer.TryWrite((LastMessage.ToArray(), 0));
        _clients[id] = client;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task sending = SendLoopAsync(client, stop.Token);
        try
        {
            await ReceiveLoopAsync(client, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // the client went away; nothing to tell anyone
        }
        finally
        {
            _clients.TryRemove(id, out _);
            outbox.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            try { await sending.ConfigureAwait(false); } catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException) { }
        }
    }

    private void Broadcast(byte[] payload, long receivedTicks)
    {
        foreach (Client c in _clients.Values) c.Outbox.Writer.TryWrite((payload, receivedTicks));
    }

    private async Task SendLoopAsync(Client client, CancellationToken ct)
    {
        await foreach (var (payload, received) in client.Outbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (client.Socket.State != WebSocketState.Open) return;
            await client.Socket.SendAsync(payload, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
            if (received != 0) _latency.Add(Stopwatch.GetElapsedTime(received).TotalMilliseconds);
        }
    }

    private async Task ReceiveLoopAsync(Client client, CancellationToken ct)
    {
        byte[] buffer = new byte[ClientMessages.MaxBytes];
        while (client.Socket.State == WebSocketState.Open)
        {
            int length = 0;
            bool oversized = false;
            ValueWebSocketReceiveResult result;
            do
            {
                // Past MaxBytes the rest is read into the same buffer and thrown away: the message is malformed.
                if (length == buffer.Length) { oversized = true; length = 0; }
                result = await client.Socket.ReceiveAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                return;
            }
            var parsed = oversized || result.MessageType != WebSocketMessageType.Text ? null : ClientMessages.TryParse(buffer.AsSpan(0, length));
            if (parsed is null) { Interlocked.Increment(ref _malformed); continue; }
            if (parsed.Value.PingT is { } t)
            {
                string pong = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"type\":\"pong\",\"t\":{t:R}}}");
                client.Outbox.Writer.TryWrite((Encoding.UTF8.GetBytes(pong), 0));
            }
        }
    }

    private async Task CloseClientsAsync()
    {
        foreach (Client c in _clients.Values)
        {
            c.Outbox.Writer.TryComplete();
            try
            {
                if (c.Socket.State == WebSocketState.Open)
                    await c.Socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "server stopping", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The client left, or its socket was torn down between the state check and the close frame (the
                // runtime then reports a cancellation wrapping ObjectDisposedException): nothing is left to close.
            }
        }
    }
}
