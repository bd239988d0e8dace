using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SurgicalNav.App.Server;

/// <summary>
/// Requires the pairing token on every /api and /ws request that does not come from this machine: as
/// "Authorization: Bearer TOKEN" or, for WebSockets and links that cannot set headers, "?token=TOKEN".
/// A missing or wrong token gets 401; too many failures from one address get 429 with Retry-After.
/// The client's static files are public: they hold no patient data.
/// </summary>
public sealed class PairingGuard
{
    private readonly byte[] _token;
    private readonly bool _trustLoopback;
    private long _rejected;

    /// <summary>Guards with <paramref name="token"/>; <paramref name="trustLoopback"/> lets localhost in without it.</summary>
    public PairingGuard(string token, bool trustLoopback, AttemptLimiter limiter)
    {
        if (string.IsNullOrEmpty(token) || token.Length < 6)
            throw new ArgumentException("the pairing token must be at least 6 characters", nameof(token));
        _token = Encoding.UTF8.GetBytes(token);
        _trustLoopback = trustLoopback;
        Limiter = limiter;
    }

    /// <summary>The failure counter per address.</summary>
    public AttemptLimiter Limiter { get; }

    /// <summary>Requests refused so far (401 and 429).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>A fresh random token: 8 characters from an alphabet without look-alikes (about 40 bits).</summary>
    public static string NewToken()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 8);
    }

    /// <summary>True when the path needs the token: the API and the WebSocket.</summary>
    public static bool Protects(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/ws", StringComparison.OrdinalIgnoreCase);

    /// <summary>The middleware: passes the request on, or answers 401/429 itself.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!Protects(http.Request.Path)) { await next(http).ConfigureAwait(false); return; }
        IPAddress remote = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (_trustLoopback && IPAddress.IsLoopback(remote)) { await next(http).ConfigureAwait(false); return; }

        int wait = Limiter.LockedOutSeconds(remote);
        if (wait > 0)
        {
            Interlocked.Increment(ref _rejected);
            http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiErrors.Write(http, StatusCodes.Status429TooManyRequests,
                $"too many wrong pairing tokens from {remote}; wait {wait} s and scan the QR code printed by `surgicalnav serve` again").ConfigureAwait(false);
            return;
        }
        string? presented = Presented(http.Request);
        if (presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token))
        {
            await next(http).ConfigureAwait(false);
            return;
        }
        Limiter.Fail(remote);
        Interlocked.Increment(ref _rejected);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiErrors.Write(http, StatusCodes.Status401Unauthorized, presented is null
            ? "this server needs its pairing token; open the URL printed by `surgicalnav serve` (it carries ?token=) or scan its QR code"
            : "wrong pairing token; use the token printed by `surgicalnav serve`").ConfigureAwait(false);
    }

    private static string? Presented(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        string? query = request.Query["token"];
        return string.IsNullOrEmpty(query) ? null : query;
    }
}
