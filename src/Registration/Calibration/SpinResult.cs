using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Calibration;

/// <summary>
/// Spin calibration: <see cref="AxisInTool"/> is the unit direction of the tool's shaft in its marker frame
/// (pointing towards the tip when a tip was given), <see cref="SpinRangeDeg"/> how far the tool was spun, and
/// <see cref="RmsAxisErrorDeg"/> the RMS angle by which the relative rotations' axes deviate from it.
/// </summary>
public sealed record SpinResult(Vec3 AxisInTool, double SpinRangeDeg, double RmsAxisErrorDeg, int SampleCount);
