namespace SurgicalNav.Registration.Frames;

/// <summary>
/// One stored transform between two frames: <see cref="FromToTo"/> maps points in <see cref="From"/> into
/// <see cref="To"/> (mm). <see cref="TimestampNs"/> is when it was measured (tracker clock, ns);
/// <see cref="Valid"/> is false when the tracker reported the tool missing. A static edge (a registration or
/// a calibration) does not age.
/// </summary>
public sealed record FrameEdge(string From, string To, RigidTransform FromToTo, long TimestampNs, bool Valid = true, bool Static = false);
