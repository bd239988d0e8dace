using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Net;

/// <summary>Thread-safe counts of what a server or client received, accepted and rejected; the figures to watch when a tracker misbehaves.</summary>
public sealed class IgtlCounters
{
    private long _ok, _bytes, _badHeader, _crc, _unknownType, _badName, _oversize, _malformed, _flood, _truncated, _idle, _accepted, _refused, _closed, _handlerErrors, _reconnects;

    /// <summary>Whole, valid messages handed to the handler.</summary>
    public long Messages => Interlocked.Read(ref _ok);
    /// <summary>Bytes read from sockets.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);
    /// <summary>Headers that were not OpenIGTLink (bad version or type field); the connection was closed.</summary>
    public long BadHeaders => Interlocked.Read(ref _badHeader);
    /// <summary>Messages whose body CRC-64 did not match.</summary>
    public long CrcMismatches => Interlocked.Read(ref _crc);
    /// <summary>Messages of a type SurgicalNav does not read.</summary>
    public long UnknownTypes => Interlocked.Read(ref _unknownType);
    /// <summary>Messages whose device name was not UTF-8.</summary>
    public long BadDeviceNames => Interlocked.Read(ref _badName);
    /// <summary>Messages whose body exceeded the size limit and were drained.</summary>
    public long OversizeBodies => Interlocked.Read(ref _oversize);
    /// <summary>Messages whose content did not fit their type.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);
    /// <summary>Messages dropped because a peer exceeded the allowed message rate.</summary>
    public long FloodDropped => Interlocked.Read(ref _flood);
    /// <summary>Connections that ended in the middle of a message.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);
    /// <summary>Connections closed because the peer sent nothing for the idle timeout.</summary>
    public long IdleTimeouts => Interlocked.Read(ref _idle);
    /// <summary>Connections accepted (server) or established (client).</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _accepted);
    /// <summary>Connections refused because the server was at its connection limit.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);
    /// <summary>Connections that ended, for any reason.</summary>
    public long ConnectionsClosed => Interlocked.Read(ref _closed);
    /// <summary>Exceptions thrown by the message handler (caught, logged, connection kept).</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);
    /// <summary>Reconnection attempts made by a client.</summary>
    public long ReconnectAttempts => Interlocked.Read(ref _reconnects);

    /// <summary>One line with every counter, for logs and the CLI.</summary>
    public override string ToString() =>
        $"messages {Messages}, bytes {BytesReceived}, bad headers {BadHeaders}, CRC mismatches {CrcMismatches}, unknown types {UnknownTypes}, " +
        $"bad device names {BadDeviceNames}, oversize bodies {OversizeBodies}, malformed {Malformed}, flood-dropped {FloodDropped}, " +
        $"truncated {Truncated}, idle timeouts {IdleTimeouts}, connections {ConnectionsOpened} opened/{ConnectionsRefused} refused/{ConnectionsClosed} closed, " +
        $"handler errors {HandlerErrors}, reconnect attempts {ReconnectAttempts}";

    internal void Count(ReadResult r)
    {
        switch (r)
        {
            case ReadResult.Ok: Interlocked.Increment(ref _ok); break;
            case ReadResult.BadHeader: Interlocked.Increment(ref _badHeader); break;
            case ReadResult.CrcMismatch: Interlocked.Increment(ref _crc); break;
            case ReadResult.UnknownType: Interlocked.Increment(ref _unknownType); break;
            case ReadResult.BadDeviceName: Interlocked.Increment(ref _badName); break;
            case ReadResult.OversizeBody: Interlocked.Increment(ref _oversize); break;
            case ReadResult.Malformed: Interlocked.Increment(ref _malformed); break;
            case ReadResult.FloodDropped: Interlocked.Increment(ref _flood); break;
        }
    }

    internal void AddBytes(int n) => Interlocked.Add(ref _bytes, n);
    internal void CountTruncated() => Interlocked.Increment(ref _truncated);
    internal void CountIdle() => Interlocked.Increment(ref _idle);
    internal void CountOpened() => Interlocked.Increment(ref _accepted);
    internal void CountRefused() => Interlocked.Increment(ref _refused);
    internal void CountClosed() => Interlocked.Increment(ref _closed);
    internal void CountHandlerError() => Interlocked.Increment(ref _handlerErrors);
    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);
}
