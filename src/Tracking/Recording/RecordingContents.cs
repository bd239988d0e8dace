namespace SurgicalNav.Tracking.Recording;

/// <summary>What a recording held: its whole records, and how many trailing bytes were not a whole, intact record.</summary>
/// <param name="Messages">The whole records, in file order.</param>
/// <param name="IgnoredTailBytes">Bytes after the last whole record (0 for a cleanly closed file).</param>
/// <param name="StopReason">Why reading stopped early, empty when the file ended cleanly.</param>
public sealed record RecordingContents(IReadOnlyList<RecordedMessage> Messages, long IgnoredTailBytes, string StopReason);
