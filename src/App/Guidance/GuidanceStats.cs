namespace SurgicalNav.App.Guidance;

/// <summary>
/// Counters of the /ws channel, served at GET /api/guidance/stats: connected clients, messages sent,
/// malformed client messages dropped, and the latency in ms from a tracker sample reaching the server to its
/// guidance message having been handed to each client's socket (p50 and p99 of the last 8192 sends).
/// </summary>
public sealed record GuidanceStats(int Clients, long Sent, long Malformed, long Samples, double? LatencyP50Ms, double? LatencyP99Ms);
