using System.Text.Json.Nodes;

namespace SurgicalNav.Bench.Harness;

/// <summary>One answer of the Python anchor process: seconds of the operation alone, its check values, or an error.</summary>
internal sealed record AnchorReply(bool Ok, double Seconds, JsonObject Check, int Threads, string Library, string? Error)
{
    /// <summary>A numeric check value by name; throws naming the key when the anchor did not send it.</summary>
    public double Value(string key) =>
        Check[key]?.GetValue<double>() ?? throw new InvalidOperationException($"anchor {Library} sent no check value '{key}'");
}
