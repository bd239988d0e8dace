using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SurgicalNav.App.Tests.Server.Classroom;

/// <summary>A test member's /classroom/ws connection: send text, receive the next message of a type.</summary>
internal sealed class ClassroomSocket : IDisposable
{
    private readonly ClientWebSocket _ws = new();

    public static async Task<ClassroomSocket> ConnectAsync(Uri server, string key)
    {
        var s = new ClassroomSocket();
        var uri = new UriBuilder(server) { Scheme = "ws", Path = "/classroom/ws", Query = "key=" + Uri.EscapeDataString(key) }.Uri;
        await s._ws.ConnectAsync(uri, CancellationToken.None);
        return s;
    }

    public WebSocketState State => _ws.State;

    public Task SendAsync(string text) => _ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) => _ws.SendAsync(bytes, type, true, CancellationToken.None);

    /// <summary>The next message whose "type" is <paramref name="type"/>, skipping others; fails after the timeout.</summary>
    public async Task<JsonDocument> ReceiveAsync(string type, int timeoutMs = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int length = 0;
            WebSocketReceiveResult r;
            do
            {
                r = await _ws.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
                length += r.Count;
            }
            while (!r.EndOfMessage);
            if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException("closed by the server");
            var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (doc.RootElement.GetProperty("type").GetString() == type) return doc;
            doc.Dispose();
        }
    }

    public void Dispose() => _ws.Dispose();
}
