using Microsoft.AspNetCore.Http;

namespace SurgicalNav.App.Server;

/// <summary>Reads a request body up to a size limit, so an endpoint refuses an oversized body with its size.</summary>
internal static class RequestBody
{
    /// <summary>The body's bytes when it holds at most <paramref name="maxBytes"/>; otherwise null and a message naming size and limit.</summary>
    public static async Task<(byte[]? Body, string? Error)> ReadCappedAsync(HttpContext http, int maxBytes)
    {
        if (http.Request.ContentLength is { } declared && declared > maxBytes)
            return (null, $"the body is {declared} bytes; at most {maxBytes} are accepted");
        // Read at most one byte past the limit: a chunked body without a length is refused without being buffered whole.
        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return (null, $"the body exceeds {maxBytes} bytes");
        }
        return (buffer.ToArray(), null);
    }
}
