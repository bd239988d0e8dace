using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SurgicalNav.App.Server;

/// <summary>Writes the API's error shape, {"error": "..."}, with a status code.</summary>
internal static class ApiErrors
{
    public static IResult Result(int status, string message) =>
        Results.Text(Json(message), "application/json", statusCode: status);

    public static Task Write(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(Json(message), http.RequestAborted);
    }

    private static string Json(string message) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message });
}
