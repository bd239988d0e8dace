using System.Collections.Concurrent;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Tools;

/// <summary>
/// Keeps the latest pose of every tool a tracker streams (TRANSFORM, POSITION, TDATA, QTDATA) and its missing flag
/// (STATUS, TransformStatus metadata, zero rotation). This is what the guidance layer asks: <see cref="IsValid"/>.
/// Plug it into a server or client as the message handler (<see cref="Handle"/>). Storing a sample allocates nothing
/// once the tool has been seen.
/// </summary>
public sealed class TrackedToolStore
{
    /// <summary>Default maximum sample age before a tool is invalid: 200 ms.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, TrackedToolState> _tools = new(StringComparer.Ordinal);
    private readonly DeviceNameTable _names = new();
    private readonly Func<string, TrackedToolState> _create = name => new TrackedToolState(name);
    private RigidPose _scratch;

    /// <summary>A store whose tools go invalid when their latest sample is older than maxAge (default 200 ms).</summary>
    public TrackedToolStore(TimeSpan? maxAge = null) => MaxAgeNs = (long)(maxAge ?? DefaultMaxAge).TotalMilliseconds * 1_000_000;

    /// <summary>Maximum sample age, in ns, for a tool to count as valid.</summary>
    public long MaxAgeNs { get; }

    /// <summary>
    /// Called on the receive thread after each sample or missing flag is stored. This is where the frame graph's
    /// "Tracker to tool" edge gets updated (Registration's FrameGraph); keep it short, it is on the latency path.
    /// </summary>
    public Action<TrackedSample>? SampleStored { get; set; }

    /// <summary>Names of every tool seen so far.</summary>
    public ICollection<string> ToolNames => _tools.Keys;

    /// <summary>The tool's state, or null when it was never seen.</summary>
    public TrackedToolState? Get(string toolName) => _tools.TryGetValue(toolName, out TrackedToolState? s) ? s : null;

    /// <summary>True when the tool's latest sample is not missing and at most <see cref="MaxAgeNs"/> old at nowNs (ns since the epoch, <see cref="TrackingClock.NowNs"/>).</summary>
    public bool IsValid(string toolName, long nowNs) => Get(toolName)?.IsValid(nowNs, MaxAgeNs) == true;

    /// <summary>Message handler for <see cref="IgtlServer"/> and <see cref="IgtlClient"/>.</summary>
    public void Handle(IgtlConnection? connection, IgtlMessage m)
    {
        if (m.Prefix != IgtlPrefix.None) return;
        lock (_names) HandleLocked(m);
    }

    private void HandleLocked(IgtlMessage m)
    {
        ReadOnlySpan<byte> c = m.Content;
        Span<float> v = stackalloc float[7];
        switch (m.DataType)
        {
            case IgtlDataType.Transform:
                IgtlBody.ReadMatrix(c, ref _scratch);
                bool flagged = m.TryGetMetadata("TransformStatus", out ReadOnlySpan<byte> status) && !status.SequenceEqual("OK"u8);
                StorePose(m.DeviceName, m, flagged ? "TransformStatus metadata is not OK" : "");
                break;
            case IgtlDataType.Position:
                IgtlBody.ReadPosition(c, v);
                _scratch = RigidPose.FromQuaternion(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                StorePose(m.DeviceName, m, "");
                break;
            case IgtlDataType.TData:
                for (int i = 0; i < c.Length / IgtlBody.TDataElementSize; i++)
                {
                    ReadOnlySpan<byte> name = IgtlBody.ReadTDataElement(c, i, out _, ref _scratch);
                    if (_names.TryGet(name, out string tool)) StorePose(tool, m, "");
                }
                break;
            case IgtlDataType.QtData:
                for (int i = 0; i < c.Length / IgtlBody.QtDataElementSize; i++)
                {
                    ReadOnlySpan<byte> name = IgtlBody.ReadQtDataElement(c, i, out _, v);
                    _scratch = RigidPose.FromQuaternion(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                    if (_names.TryGet(name, out string tool)) StorePose(tool, m, v[3] == 0 && v[4] == 0 && v[5] == 0 && v[6] == 0 ? "zero quaternion" : "");
                }
                break;
            case IgtlDataType.Status:
                ushort code = IgtlBody.ReadStatus(c, out _, out ReadOnlySpan<byte> errorName, out _);
                if (code != 1)
                {
                    TrackedSample s = _tools.GetOrAdd(m.DeviceName, _create).MarkMissing(m.SenderTimestampNs, m.ReceiverTimestampNs,
                        $"STATUS code {code} ({System.Text.Encoding.UTF8.GetString(errorName)})");
                    SampleStored?.Invoke(s);
                }
                break;
        }
    }

    private void StorePose(string tool, IgtlMessage m, string reason)
    {
        if (reason.Length == 0 && _scratch.IsZeroRotation()) reason = "zero rotation (tool not visible)";
        TrackedSample s = _tools.GetOrAdd(tool, _create).Store(_scratch, m.SenderTimestampNs, m.ReceiverTimestampNs, reason.Length > 0, reason);
        SampleStored?.Invoke(s);
    }
}
