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
        var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > maxBytes) return (null, $"the body exceeds {maxBytes} bytes");
        return (buffer.ToArray(), null);
    }
}
