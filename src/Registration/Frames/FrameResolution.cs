namespace SurgicalNav.Registration.Frames;

/// <summary>
/// The answer to "A to B": the composed transform mapping points in A into B (mm), the oldest timestamp of a
/// non-static edge on the path (tracker clock, ns; null when every edge is static), whether the pose can be
/// trusted, and if not, why (which edge was invalid or too old).
/// </summary>
public sealed record FrameResolution(RigidTransform Transform, long? OldestTimestampNs, bool IsValid, string? InvalidReason, IReadOnlyList<string> Path);
