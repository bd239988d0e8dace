namespace SurgicalNav.Tracking.Tools;

/// <summary>
/// The live state of one tracked tool. A tool is valid when its latest sample is not flagged missing and arrived
/// no more than the store's maximum age ago (200 ms by default). Written by a receive thread, read by anyone.
/// </summary>
public sealed class TrackedToolState
{
    private readonly Lock _lock = new();
    private TrackedSample _latest;
    private long _updates;

    internal TrackedToolState(string name) => _latest = new TrackedSample(name, RigidPose.Identity, 0, 0, true, "no sample yet");

    /// <summary>The tool's name.</summary>
    public string Name => _latest.ToolName;

    /// <summary>Number of samples and missing flags received for this tool.</summary>
    public long UpdateCount => Interlocked.Read(ref _updates);

    /// <summary>A copy of the latest sample.</summary>
    public TrackedSample Latest
    {
        get { lock (_lock) return _latest; }
    }

    /// <summary>True when the latest sample is not missing and its receiver timestamp is within maxAgeNs of nowNs (both ns since the epoch).</summary>
    public bool IsValid(long nowNs, long maxAgeNs)
    {
        lock (_lock) return !_latest.Missing && _latest.ReceiverTimestampNs > 0 && nowNs - _latest.ReceiverTimestampNs <= maxAgeNs;
    }

    internal TrackedSample Store(in RigidPose pose, long senderNs, long receiverNs, bool missing, string reason)
    {
        var sample = new TrackedSample(_latest.ToolName, pose, senderNs, receiverNs, missing, reason);
        lock (_lock) _latest = sample;
        Interlocked.Increment(ref _updates);
        return sample;
    }

    internal TrackedSample MarkMissing(long senderNs, long receiverNs, string reason)
    {
        TrackedSample sample;
        lock (_lock) sample = _latest = _latest with { Missing = true, Reason = reason, SenderTimestampNs = senderNs, ReceiverTimestampNs = receiverNs };
        Interlocked.Increment(ref _updates);
        return sample;
    }
}
