namespace SurgicalNav.Tracking.Tools;

/// <summary>
/// One tool's latest pose as received: tool-to-sender pose (mm, usually tool to tracker), the sender's and the
/// receiver's timestamps (ns since the Unix epoch), and whether the tracker flagged the tool as missing.
/// </summary>
/// <param name="ToolName">The tool's name (OpenIGTLink device name or TDATA element name).</param>
/// <param name="Pose">Tool to sender frame, rotation plus translation in mm.</param>
/// <param name="SenderTimestampNs">The tracker's timestamp of the pose, ns since the epoch (0 when it sent none).</param>
/// <param name="ReceiverTimestampNs">When the bytes came off our socket, ns since the epoch (<see cref="TrackingClock"/>).</param>
/// <param name="Missing">True when the tracker said it cannot see the tool (STATUS not OK, TransformStatus metadata, zero rotation).</param>
/// <param name="Reason">Why the tool is missing, empty when it is not.</param>
public readonly record struct TrackedSample(string ToolName, RigidPose Pose, long SenderTimestampNs, long ReceiverTimestampNs, bool Missing, string Reason);
