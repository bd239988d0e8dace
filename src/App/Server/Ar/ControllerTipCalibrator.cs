using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// Pivot calibration of a headset controller's tip: the user keeps the tip on one point and rotates the controller,
/// the headset reports grip poses (grip → XrWorld, mm), and <see cref="PivotCalibration"/> solves the tip offset in the
/// grip frame. Refuses too few poses, too little rotation, a high RMS and an implausibly long tip with the reason.
/// </summary>
public static class ControllerTipCalibrator
{
    /// <summary>Fewest grip poses accepted.</summary>
    public const int MinPoses = 8;

    /// <summary>Most grip poses accepted in one calibration.</summary>
    public const int MaxPoses = 600;

    /// <summary>Least rotation between two poses, degrees: below it the tip is poorly determined along the controller.</summary>
    public const double MinRotationDeg = 20;

    /// <summary>Largest RMS distance of the poses' tips from the pivot, mm: above it the tip slipped or the tracking was poor.</summary>
    public const double MaxRmsMm = 1.5;

    /// <summary>Shortest tip offset from the grip accepted, mm: the grip sits inside the handle, so a shorter one means positions in metres.</summary>
    public const double MinTipOffsetMm = 10;

    /// <summary>Longest tip offset from the grip accepted, mm (a Quest controller is about 150 mm long).</summary>
    public const double MaxTipOffsetMm = 300;

    /// <summary>Solves the tip of <paramref name="hand"/>'s controller from grip → XrWorld poses (mm); throws <see cref="RegistrationException"/> with the reason when refused.</summary>
    public static ControllerTipCalibration Solve(string hand, IReadOnlyList<RigidTransform> gripToXrWorld)
    {
        ArgumentNullException.ThrowIfNull(gripToXrWorld);
        if (!ArFrames.IsHand(hand)) throw new RegistrationException($"hand '{hand}' must be \"right\" or \"left\"");
        const string How = "keep the tip on one point, hold the trigger and rotate the controller about the tip by 30° or more, in two directions";
        if (gripToXrWorld.Count < MinPoses)
            throw new RegistrationException($"got {gripToXrWorld.Count} controller poses; the tip calibration needs at least {MinPoses}: {How}");
        if (gripToXrWorld.Count > MaxPoses)
            throw new RegistrationException($"got {gripToXrWorld.Count} controller poses; at most {MaxPoses} are accepted: release the trigger sooner");
        var poses = gripToXrWorld.Select(t => new ToolPose(t, 0)).ToArray();
        PivotResult r = PivotCalibration.Solve(poses);
        if (r.SpreadDeg < MinRotationDeg)
            throw new RegistrationException($"the controller turned only {r.SpreadDeg:0.0}° while the tip was held; at least {MinRotationDeg:0}° is needed: {How}");
        if (r.RmsResidualMm > MaxRmsMm)
            throw new RegistrationException($"the tip RMS is {r.RmsResidualMm:0.00} mm (worst {r.MaxResidualMm:0.0} mm), above the {MaxRmsMm:0.0} mm limit: the tip moved on the surface. " +
                                            "Hold it in a small dent or on a firm mark and rotate again");
        if (r.TipInTool.Length > MaxTipOffsetMm)
            throw new RegistrationException($"the solved tip is {r.TipInTool.Length:0} mm from the grip, more than {MaxTipOffsetMm:0} mm: the tip was not kept on one point. {How}");
        if (r.TipInTool.Length < MinTipOffsetMm)
            throw new RegistrationException($"the solved tip is {r.TipInTool.Length:0.###} mm from the grip, less than {MinTipOffsetMm:0} mm: the grip positions look like metres, not mm. Send them in mm");
        return new ControllerTipCalibration(hand, r.TipInTool, r.PivotInTracker, r.RmsResidualMm, r.MaxResidualMm, r.SpreadDeg,
            r.SampleCount, MaxRmsMm, MinRotationDeg, DateTime.UtcNow);
    }
}
