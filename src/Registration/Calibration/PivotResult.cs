using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Calibration;

/// <summary>
/// Pivot calibration: <see cref="TipInTool"/> is the tip offset in the tool's marker frame (mm),
/// <see cref="PivotInTracker"/> the fixed pivot point in the tracker frame (mm), <see cref="RmsResidualMm"/> the
/// RMS distance between each pose's predicted tip and the pivot, <see cref="MaxResidualMm"/> the largest, over
/// <see cref="SampleCount"/> poses spanning <see cref="SpreadDeg"/> degrees of orientation.
/// </summary>
public sealed record PivotResult(Vec3 TipInTool, Vec3 PivotInTracker, double RmsResidualMm, double MaxResidualMm, int SampleCount, double SpreadDeg)
{
    /// <summary>The tool-to-tip transform to store as the Needle → NeedleTip edge: a translation that puts the tip at the origin.</summary>
    public RigidTransform ToolToTip => new(Imaging.Matrix3.Identity, -TipInTool);
}
