using SurgicalNav.Imaging;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// One tracked needle sample, already in the image frame (patient LPS mm): the tip position and the unit
/// direction the needle points in (from hub to tip). <paramref name="Visible"/> is false when the tracker
/// reports the tool as not seen. <paramref name="TimestampNs"/> is the tracker's clock;
/// <paramref name="ReceivedTicks"/> is <see cref="System.Diagnostics.Stopwatch"/> ticks when the sample
/// reached this process, used for the sample-to-send latency. <paramref name="InvalidReason"/>, when set on a pose
/// that is not visible, says why (a stale reference, no registration) instead of the generic "not visible".
/// </summary>
public readonly record struct NeedlePose(long TimestampNs, Vec3 TipMm, Vec3 DirectionUnit, bool Visible, long ReceivedTicks, string? InvalidReason = null);
