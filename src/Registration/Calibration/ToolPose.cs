namespace SurgicalNav.Registration.Calibration;

/// <summary>One tracked pose of a tool: <see cref="ToolToTracker"/> maps tool-frame points into the tracker frame (mm), measured at <see cref="TimestampNs"/> (tracker clock, ns).</summary>
public readonly record struct ToolPose(RigidTransform ToolToTracker, long TimestampNs);
