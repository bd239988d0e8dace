namespace SurgicalNav.Registration.Frames;

/// <summary>A frame-graph request that cannot be answered (missing path, unknown frame) or an edge that would close a loop; the message says what to do.</summary>
public sealed class FrameGraphException(string message) : InvalidOperationException(message);
