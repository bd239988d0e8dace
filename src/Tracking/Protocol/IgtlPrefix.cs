namespace SurgicalNav.Tracking.Protocol;

/// <summary>The query/streaming prefix of a message type name.</summary>
public enum IgtlPrefix
{
    /// <summary>A data message (no prefix).</summary>
    None = 0,
    /// <summary>GET_: asks the peer for one message of the type.</summary>
    Get,
    /// <summary>STT_: asks the peer to start streaming the type.</summary>
    Start,
    /// <summary>STP_: asks the peer to stop streaming the type.</summary>
    Stop,
    /// <summary>RTS_: the peer's ready-to-send answer to a query.</summary>
    ReadyToSend,
}
