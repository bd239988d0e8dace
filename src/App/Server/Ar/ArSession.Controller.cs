using Microsoft.AspNetCore.Http;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Registration.PointBased;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Server.Ar;

/// <summary>The headset registration: the calibrated controller tip touches the fiducials, registered to the tracker (or the image).</summary>
public sealed partial class ArSession
{
    /// <summary>
    /// Registers the headset from controller touches, one per fiducial in order (the first k fiducials, k ≥ 3): each touch
    /// is a hand and its grip → XrWorld pose (mm); the tip is asked from the frame graph as "HandControllerTip → XrWorld".
    /// With a tracker registration the fiducials are asked as Image → Tracker and XrWorld → Tracker is stored; without
    /// one, XrWorld → Image. Refuses an uncalibrated controller, too few or too many touches, collinear points, other
    /// units than mm and an FRE above <see cref="ControllerFreLimitMm"/>.
    /// </summary>
    public ArRegistrationResult RegisterController(IReadOnlyList<(string Hand, RigidTransform GripToXrWorld)> touches)
    {
        ArgumentNullException.ThrowIfNull(touches);
        lock (_gate)
        {
            ArRegistrationFile file = LoadFile();
            if (touches.Count < 3 || touches.Count > file.Fiducials.Count)
            {
                throw new ArRefusedException(StatusCodes.Status400BadRequest,
                    $"got {touches.Count} touched points; the registration needs 3 to {file.Fiducials.Count} (one per fiducial, in order). Touch at least 3 fiducials, 4 or more spread around the target");
            }
            Vec3[] tips = [.. touches.Select(t => TipInXrWorld(t.Hand, t.GripToXrWorld))];
            RigidTransform? trackerToImage = TrackerToImage();
            RigidTransform imageToFixed = trackerToImage?.Inverse() ?? RigidTransform.Identity;
            string fixedFrame = trackerToImage is null ? FrameNames.Image : FrameNames.Tracker;
            Vec3[] fiducials = [.. file.Fiducials.Take(touches.Count).Select(f => imageToFixed.Apply(f.ImageMm))];
            PointRegistrationResult r = Solve(tips, fiducials, ControllerFreLimitMm, k => file.Fiducials[k].Name);
            Vec3? target = Target();
            Store(new FrameEdge(FrameNames.XrWorld, fixedFrame, r.MovingToFixed, TrackingClock.NowNs(), Valid: true, Static: true), null,
                (FrameNames.XrWorld, FrameNames.Image), (FrameNames.XrWorld, FrameNames.Tracker));
            RigidTransform xrToImage = Resolved(FrameNames.XrWorld, FrameNames.Image)
                ?? throw new ArRefusedException(StatusCodes.Status409Conflict, "the frame graph does not join XrWorld to Image after storing the registration; check case.json \"frames\"");
            double? tre = target is { } t ? r.PredictTreMm(imageToFixed.Apply(t), ControllerFleMm) : null;
            var result = new ArRegistrationResult(touches.Count, r.FreMm, [.. r.ResidualsMm], tre, target?.ToArray(), ControllerFleMm, ControllerFreLimitMm,
                xrToImage.ToRowMajor(), xrToImage.Inverse().ToRowMajor(), DateTime.UtcNow, fixedFrame, tips, Overlay(tre));
            ArFiducials.Save(_data.CaseDirectory, file with { Latest = result });
            _registrationChanged();
            return result;
        }
    }

    /// <summary>The calibrated tip of a controller at a grip pose, in XrWorld mm, resolved through the frame graph.</summary>
    private Vec3 TipInXrWorld(string hand, RigidTransform gripToXrWorld)
    {
        string tip = ArFrames.ControllerTip(hand);
        if (!Frames.Frames.Contains(tip))
        {
            throw new ArRefusedException(StatusCodes.Status409Conflict,
                $"the {hand} controller's tip is not calibrated; calibrate it first (keep its tip on one point, hold the trigger and rotate the controller), then touch the fiducials");
        }
        Frames.Set(ArFrames.Controller(hand), FrameNames.XrWorld, gripToXrWorld, TrackingClock.NowNs(), valid: true, isStatic: true);
        return Frames.Resolve(tip, FrameNames.XrWorld).Transform.Apply(Vec3.Zero);
    }
}
