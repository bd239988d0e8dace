namespace SurgicalNav.Tracking.Protocol;

/// <summary>What became of one message the reader looked at.</summary>
public enum ReadResult
{
    /// <summary>A whole, valid message of a known type.</summary>
    Ok = 0,
    /// <summary>The header is not OpenIGTLink (bad version or type field); the stream cannot be resynchronised.</summary>
    BadHeader,
    /// <summary>The body CRC-64 does not match the header; the message was skipped.</summary>
    CrcMismatch,
    /// <summary>The type name is not one SurgicalNav reads; the message was skipped.</summary>
    UnknownType,
    /// <summary>The device name is not valid UTF-8; the message was skipped.</summary>
    BadDeviceName,
    /// <summary>The body is larger than the configured limit; its bytes were drained unread.</summary>
    OversizeBody,
    /// <summary>The body does not have the layout its type requires (sizes, extended header, metadata).</summary>
    Malformed,
    /// <summary>The peer sent more messages per second than allowed; the message was dropped unread.</summary>
    FloodDropped,
}
