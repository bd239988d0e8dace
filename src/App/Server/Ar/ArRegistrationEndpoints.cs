using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// The in-app AR registration over HTTP (pairing token as everywhere), each route a thin shell over <see cref="ArSession"/>:
/// GET /api/case/ar/state; GET /api/case/ar/tracker (the tracker part alone, null without one); POST /api/case/ar/tip-calibration {"hand","gripToXrWorld":[[16]…]}; POST /api/case/ar/pointer
/// {"fiducial":k} (or {} for the next untouched one); POST /api/case/ar/pointer/reset {}; POST /api/case/ar/pointer/register
/// {"fiducials":[k…]}; POST /api/case/ar/register
/// {"touches":[{"hand","gripToXrWorld":[16]}…]}. Matrices are 4×4 row-major in mm (grip → headset world). A malformed
/// body gets 400, a missing prerequisite 409 and input that cannot be registered 422, each with a message.
/// </summary>
internal static class ArRegistrationEndpoints
{
    public static void Map(WebApplication app, ArSession session)
    {
        app.MapGet("/api/case/ar/state", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return Run(session.State);
        });
        app.MapGet("/api/case/ar/tracker", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return Run(session.TrackerState);
        });
        app.MapPost("/api/case/ar/tip-calibration", Handler(ArRequests.MaxCalibrationBytes, body => session.CalibrateTip(ArRequests.Hand(body), ArRequests.Poses(body))));
        app.MapPost("/api/case/ar/pointer", Handler(ArRequests.MaxBodyBytes, body => session.TouchPointer(ArRequests.OptionalIndex(body, "fiducial"))));
        app.MapPost("/api/case/ar/pointer/reset", Handler(ArRequests.MaxBodyBytes, _ => session.ResetPointer()));
        app.MapPost("/api/case/ar/pointer/register", Handler(ArRequests.MaxBodyBytes, body => session.RegisterPointer(ArRequests.Indices(body, "fiducials"))));
        app.MapPost("/api/case/ar/register", Handler(ArRequests.MaxBodyBytes, body => session.RegisterController(ArRequests.Touches(body))));
    }

    /// <summary>A route handler (a Delegate, so the minimal API writes the returned result) running one step on the JSON body.</summary>
    private static Delegate Handler<T>(int maxBytes, Func<JsonElement, T> step) => (HttpContext http) => Post(http, maxBytes, step);

    private static async Task<IResult> Post<T>(HttpContext http, int maxBytes, Func<JsonElement, T> step)
    {
        JsonDocument doc;
        try
        {
            doc = await ArRequests.ReadAsync(http, maxBytes).ConfigureAwait(false);
        }
        catch (ArRefusedException e)
        {
            return ApiErrors.Result(e.StatusCode, e.Message);
        }
        using (doc) return Run(() => step(doc.RootElement));
    }

    private static IResult Run<T>(Func<T> step)
    {
        try
        {
            return Results.Text(JsonSerializer.Serialize(step(), NavJson.Compact), "application/json");
        }
        catch (ArRefusedException e)
        {
            return ApiErrors.Result(e.StatusCode, e.Message);
        }
    }
}
