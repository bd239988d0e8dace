namespace SurgicalNav.Tracking.Recording;

/// <summary>One recorded OpenIGTLink message and when it was received (ns since the epoch).</summary>
/// <param name="ReceiverTimestampNs">When the message came off the socket while recording.</param>
/// <param name="Message">The whole message, header included, exactly as received.</param>
public sealed record RecordedMessage(long ReceiverTimestampNs, byte[] Message);
