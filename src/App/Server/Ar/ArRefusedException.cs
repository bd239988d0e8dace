namespace SurgicalNav.App.Server.Ar;

/// <summary>An AR registration step refused: <see cref="StatusCode"/> is the HTTP status to answer with (400, 409, 422), the message says why and what to do.</summary>
public sealed class ArRefusedException(int statusCode, string message) : Exception(message)
{
    /// <summary>HTTP status: 400 for a malformed request, 409 for a missing prerequisite, 422 for input that cannot be registered.</summary>
    public int StatusCode { get; } = statusCode;
}
