using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Net;

/// <summary>
/// Answers OpenIGTLink queries on a server from the latest tool poses (set with <see cref="Update"/>):
/// GET_TRANSFORM, GET_POSITION, GET_TDATA, GET_QTDATA and GET_STATUS get the data message back (one per tool, or the
/// named tool only); STT_TDATA / STT_QTDATA get RTS_ with status 0 (success, as libOpenIGTLink's
/// RTSTrackingDataMessage defines it) and start streaming on that connection every "resolution" ms
/// (0 = <see cref="DefaultIntervalMs"/>) until STP_, which is acknowledged the same way.
/// A GET_ of an unknown tool gets STATUS 4 (NOT_FOUND); a query this server cannot serve gets STATUS 12
/// (UNKNOWN_INSTRUCTION). Use <see cref="Handle"/> as the server's message handler.
/// </summary>
public sealed class IgtlQueryResponder : IDisposable
{
    /// <summary>Shortest streaming interval accepted, ms (faster requests are clamped).</summary>
    public const int MinIntervalMs = 1;

    private readonly Lock _lock = new();
    private readonly List<(string Name, RigidPose Pose, long TimestampNs, bool Visible)> _tools = [];
    private readonly Dictionary<(IgtlConnection, IgtlDataType), Streaming> _streams = [];
    private readonly string _deviceName;
    private bool _disposed;

    private sealed class Streaming(IgtlConnection connection, IgtlDataType type, ushort headerVersion) : IDisposable
    {
        public readonly Lock Gate = new();
        public readonly IgtlMessageBuilder Builder = new();
        public IgtlConnection Connection { get; } = connection;
        public IgtlDataType Type { get; } = type;
        public ushort HeaderVersion { get; } = headerVersion;
        public Timer? Timer { get; set; }
        public long Sent;

        public void Dispose() => Timer?.Dispose();
    }

    /// <summary>A responder speaking as <paramref name="deviceName"/> (the tracker's name in STATUS and TDATA replies).</summary>
    public IgtlQueryResponder(string deviceName = "Tracker", int defaultIntervalMs = 4)
    {
        _deviceName = deviceName;
        DefaultIntervalMs = Math.Max(MinIntervalMs, defaultIntervalMs);
    }

    /// <summary>Streaming interval for an STT_ with resolution 0, ms (the tracker's frame period).</summary>
    public int DefaultIntervalMs { get; }

    /// <summary>Streams running now, over all connections.</summary>
    public int ActiveStreams
    {
        get { lock (_lock) return _streams.Count; }
    }

    /// <summary>Sets a tool's latest pose (tool to tracker, mm), its acquisition time (ns since the epoch) and whether the tracker sees it.</summary>
    public void Update(string tool, in RigidPose pose, long timestampNs, bool visible)
    {
        lock (_lock)
        {
            int i = 0;
            while (i < _tools.Count && _tools[i].Name != tool) i++;
            if (i == _tools.Count) _tools.Add((tool, pose, timestampNs, visible));
            else _tools[i] = (tool, pose, timestampNs, visible);
        }
    }

    /// <summary>Message handler: answers queries, ignores data messages.</summary>
    public void Handle(IgtlConnection connection, IgtlMessage m)
    {
        if (m.Prefix == IgtlPrefix.None || m.Prefix == IgtlPrefix.ReadyToSend) return;
        var builder = new IgtlMessageBuilder();
        ushort version = m.HeaderVersion;
        switch (m.Prefix)
        {
            case IgtlPrefix.Get:
                AnswerGet(connection, builder, m.DataType, m.DeviceName, version);
                break;
            case IgtlPrefix.Start when m.DataType is IgtlDataType.TData or IgtlDataType.QtData:
                int resolution = m.Content.Length >= 4 ? IgtlBody.ReadStartTracking(m.Content, out _) : 0;
                StartStream(connection, m.DataType, resolution, version);
                connection.Send(Ready(builder, m.DataType, version, ok: true));
                break;
            case IgtlPrefix.Stop when m.DataType is IgtlDataType.TData or IgtlDataType.QtData:
                StopStream(connection, m.DataType);
                connection.Send(Ready(builder, m.DataType, version, ok: true));
                break;
            default:
                connection.Send(builder.Status(_deviceName, 12, 0, "UNKNOWN_INSTRUCTION",
                    $"{IgtlTypeNames.ToText(m.Prefix, m.DataType)} is not served here; ask GET_ for TRANSFORM, POSITION, TDATA, QTDATA or STATUS, or STT_/STP_ for TDATA or QTDATA",
                    Now(), version));
                break;
        }
    }

    private void AnswerGet(IgtlConnection connection, IgtlMessageBuilder builder, IgtlDataType type, string device, ushort version)
    {
        (string Name, RigidPose Pose, long TimestampNs, bool Visible)[] tools;
        string known;
        lock (_lock)
        {
            tools = [.. _tools.Where(t => device.Length == 0 || device == _deviceName || t.Name == device)];
            known = string.Join(", ", _tools.Select(t => t.Name));
        }
        switch (type)
        {
            case IgtlDataType.Status:
                connection.Send(builder.Status(device.Length == 0 ? _deviceName : device, 1, 0, "", $"tracking {known}", Now(), version));
                return;
            case IgtlDataType.TData or IgtlDataType.QtData:
                connection.Send(Tracking(builder, type, tools, version));
                return;
            case IgtlDataType.Transform or IgtlDataType.Position:
                if (tools.Length == 0)
                {
                    connection.Send(builder.Status(device, 4, 0, "NOT_FOUND", $"no tool named '{device}'; known tools: {known}", Now(), version));
                    return;
                }
                foreach (var t in tools)
                {
                    if (!t.Visible)
                    {
                        connection.Send(builder.Status(t.Name, 16, 0, "NOT_PRESENT", "markers not visible", t.TimestampNs, version));
                        continue;
                    }
                    if (type == IgtlDataType.Transform)
                    {
                        connection.Send(builder.Transform(t.Name, t.Pose, t.TimestampNs, version));
                    }
                    else
                    {
                        var (qx, qy, qz, qw) = t.Pose.ToQuaternion();
                        connection.Send(builder.Position(t.Name, [t.Pose.XMm, t.Pose.YMm, t.Pose.ZMm, qx, qy, qz, qw], t.TimestampNs, version));
                    }
                }
                return;
            default:
                connection.Send(builder.Status(_deviceName, 12, 0, "UNKNOWN_INSTRUCTION",
                    $"GET_{IgtlTypeNames.ToText(IgtlPrefix.None, type)} is not served here; ask for TRANSFORM, POSITION, TDATA, QTDATA or STATUS", Now(), version));
                return;
        }
    }

    /// <summary>One TDATA or QTDATA message with every visible tool.</summary>
    private ReadOnlySpan<byte> Tracking(IgtlMessageBuilder builder, IgtlDataType type, (string Name, RigidPose Pose, long TimestampNs, bool Visible)[] tools, ushort version)
    {
        long stamp = tools.Length == 0 ? Now() : tools.Max(t => t.TimestampNs);
        builder.Begin(IgtlPrefix.None, type, _deviceName, stamp, version);
        Span<float> v = stackalloc float[7];
        foreach (var t in tools)
        {
            if (!t.Visible) continue;
            if (type == IgtlDataType.TData)
            {
                IgtlBody.WriteTDataElement(builder.Content(IgtlBody.TDataElementSize), t.Name, 2, t.Pose);
                builder.Advance(IgtlBody.TDataElementSize);
            }
            else
            {
                var (qx, qy, qz, qw) = t.Pose.ToQuaternion();
                v[0] = t.Pose.XMm; v[1] = t.Pose.YMm; v[2] = t.Pose.ZMm; v[3] = qx; v[4] = qy; v[5] = qz; v[6] = qw;
                IgtlBody.WriteQtDataElement(builder.Content(IgtlBody.QtDataElementSize), t.Name, 2, v);
                builder.Advance(IgtlBody.QtDataElementSize);
            }
        }
        return builder.Finish();
    }

    private ReadOnlySpan<byte> Ready(IgtlMessageBuilder builder, IgtlDataType type, ushort version, bool ok)
    {
        builder.Begin(IgtlPrefix.ReadyToSend, type, _deviceName, Now(), version);
        builder.Content(1)[0] = ok ? (byte)0 : (byte)1;
        builder.Advance(1);
        return builder.Finish();
    }

    private void StartStream(IgtlConnection connection, IgtlDataType type, int resolutionMs, ushort version)
    {
        int interval = resolutionMs > 0 ? Math.Max(MinIntervalMs, resolutionMs) : DefaultIntervalMs;
        var stream = new Streaming(connection, type, version);
        lock (_lock)
        {
            if (_disposed) return;
            if (_streams.Remove((connection, type), out Streaming? old)) old.Dispose();
            _streams[(connection, type)] = stream;
            stream.Timer = new Timer(_ => Tick(stream), null, 0, interval);
        }
        _ = connection.Completion.ContinueWith(_ => StopStream(connection, type), TaskScheduler.Default);
    }

    private void StopStream(IgtlConnection connection, IgtlDataType type)
    {
        Streaming? stream;
        lock (_lock) _streams.Remove((connection, type), out stream);
        stream?.Dispose();
    }

    private void Tick(Streaming stream)
    {
        if (!stream.Connection.IsOpen)
        {
            StopStream(stream.Connection, stream.Type);
            return;
        }
        (string Name, RigidPose Pose, long TimestampNs, bool Visible)[] tools;
        lock (_lock) tools = [.. _tools];
        // A slow send must not let timer callbacks pile up on one connection: skip the tick instead.
        if (!stream.Gate.TryEnter()) return;
        try
        {
            if (stream.Connection.Send(Tracking(stream.Builder, stream.Type, tools, stream.HeaderVersion))) Interlocked.Increment(ref stream.Sent);
        }
        finally
        {
            stream.Gate.Exit();
        }
    }

    private static long Now() => TrackingClock.NowNs();

    /// <summary>Stops every stream.</summary>
    public void Dispose()
    {
        Streaming[] all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _streams.Values];
            _streams.Clear();
        }
        foreach (Streaming s in all) s.Dispose();
    }
}
