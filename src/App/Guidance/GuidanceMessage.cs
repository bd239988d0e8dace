namespace SurgicalNav.App.Guidance;

/// <summary>
/// The server-to-client WebSocket message on /ws, type "guidance": one per tracker sample, plus one with
/// <paramref name="Valid"/> false when tracking is lost or stale. Figures are rounded to 0.1 mm / 0.1°
/// and absent when not valid. Points are patient LPS mm.
/// </summary>
public sealed record GuidanceMessage(
    string Type,
    long Seq,
    long SampleTimestampNs,
    bool Valid,
    string? Reason,
    double? TipToTargetMm,
    double? LateralOffsetMm,
    double? AngleErrorDeg,
    double? RemainingDepthMm,
    double[]? TipBullseyeMm,
    double[]? AimBullseyeMm,
    double[]? TipMm,
    double[]? DirectionUnit,
    string? Trajectory,
    RegistrationStatus Registration)
{
    /// <summary>When the server published this message, Unix epoch ms (wall clock), so a client on the same clock can time its display.</summary>
    public long SentUnixMs { get; init; }
}
