using System.Text.Json.Serialization;

namespace SurgicalNav.Bench.Harness;

/// <summary>
/// One line of the table and of results JSON. Ratio is anchor seconds / our seconds (a speed-up: above 1 we are
/// faster), present only when both sides ran and their outputs agreed.
/// </summary>
internal sealed record RowResult
{
    public required string Name { get; init; }
    public required string Workload { get; init; }
    [JsonPropertyName("ours_s")]
    public double? OursSeconds { get; init; }
    [JsonPropertyName("anchor_s")]
    public double? AnchorSeconds { get; init; }
    public double? Ratio { get; init; }
    public required string Target { get; init; }
    public required RowOutcome Outcome { get; init; }
    public bool Met => Outcome == RowOutcome.Met;
    public string? Anchor { get; init; }
    [JsonPropertyName("threads")]
    public int OursThreads { get; init; }
    public int? AnchorThreads { get; init; }
    public string Device { get; init; } = "cpu";
    public int Runs { get; init; }
    /// <summary>Median seconds of further anchors on the same workload (for example pydicom and cat beside GDCM).</summary>
    public Dictionary<string, double> OtherAnchors { get; init; } = [];
    /// <summary>Why a row failed or is missing, the agreement check used, or extra figures (peak RSS).</summary>
    public string Note { get; init; } = "";
    /// <summary>A value that is not a time (bytes of peak RSS), with its unit; null for timing rows.</summary>
    public double? Value { get; init; }
    public string? Unit { get; init; }
}
