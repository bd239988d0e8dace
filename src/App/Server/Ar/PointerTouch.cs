using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// One fiducial touched with the tracked pointer: <see cref="Fiducial"/> is its index (0-based) and <see cref="Name"/> its
/// name, <see cref="TipInTrackerMm"/> the pointer tip read from the frame graph (Tracker frame, mm) through
/// <see cref="TipFrame"/>, <see cref="AgeMs"/> how old the tracker's pose was when read (ms).
/// </summary>
public sealed record PointerTouch(int Fiducial, string Name, Vec3 TipInTrackerMm, double AgeMs, string TipFrame);
