namespace SurgicalNav.Tracking.Net;

/// <summary>Limits and logging for an OpenIGTLink server or client.</summary>
public sealed record IgtlOptions
{
    /// <summary>Largest body accepted, bytes; larger ones are drained unread and counted (default 64 MiB, room for an IMAGE).</summary>
    public long MaxBodyBytes { get; init; } = 64L << 20;

    /// <summary>A connection that sends nothing for this long is closed and counted (default 10 s; 0 = never).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages per second one peer may send; more are dropped unread and counted (default 20000, ~80x a 250 Hz 4-tool tracker).</summary>
    public int MaxMessagesPerSecond { get; init; } = 20_000;

    /// <summary>Most simultaneous connections a server keeps; more are refused and counted.</summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>Where problems are reported (one line each, rate-limited per connection); null to stay quiet.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>First delay before a client reconnects; doubles after each failure.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest delay between a client's reconnection attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(2);
}
