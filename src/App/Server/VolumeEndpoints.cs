using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server;

/// <summary>
/// GET /api/case/volume?level=N (CT, little-endian int16 HU) and GET /api/case/labels?level=N (uint8 label
/// values), x fastest then y then z, downsampled by 2^N. The grid travels in headers: X-Dimensions (voxels),
/// X-Spacing-Mm, X-Origin-Mm (patient LPS, first voxel centre) and X-Direction (3x3 row-major cosines).
/// </summary>
internal static class VolumeEndpoints
{
    /// <summary>Largest level accepted: 2^4 = 16× per axis.</summary>
    public const int MaxLevel = 4;

    public static void Map(WebApplication app, CaseData data)
    {
        app.MapGet("/api/case/volume", (HttpContext http) => Serve(http, level =>
        {
            Volume<short> v = data.Ct(level);
            return (v.Geometry, System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.Data.AsSpan()).ToArray());
        }));
        app.MapGet("/api/case/labels", (HttpContext http) => Serve(http, level =>
        {
            Volume<byte> v = data.Labels(level);
            return (v.Geometry, v.Data);
        }));
    }

    private static async Task Serve(HttpContext http, Func<int, (ImageGeometry Geometry, byte[] Bytes)> read)
    {
        string? raw = http.Request.Query["level"];
        int level = 0;
        if (raw is not null && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out level) || level > MaxLevel))
        {
            await ApiErrors.Write(http, StatusCodes.Status400BadRequest, $"level must be an integer 0 to {MaxLevel} (downsampling by 2^level), not '{raw}'");
            return;
        }
        (ImageGeometry g, byte[] bytes) = read(level);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("volume streaming assumes a little-endian host");
        var h = http.Response.Headers;
        h.CacheControl = "no-cache";
        h["X-Dimensions"] = Join(g.Dimensions.X, g.Dimensions.Y, g.Dimensions.Z);
        h["X-Spacing-Mm"] = Join(g.SpacingMm.X, g.SpacingMm.Y, g.SpacingMm.Z);
        h["X-Origin-Mm"] = Join(g.OriginMm.X, g.OriginMm.Y, g.OriginMm.Z);
        h["X-Direction"] = string.Join(',', g.Direction.ToRowMajor().Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
        h["Access-Control-Expose-Headers"] = "X-Dimensions, X-Spacing-Mm, X-Origin-Mm, X-Direction";
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    private static string Join(params double[] values) =>
        string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
