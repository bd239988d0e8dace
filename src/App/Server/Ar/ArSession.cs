using Microsoft.AspNetCore.Http;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// The AR registration of one served case: the controller tip calibration, the tracked-pointer registration of the
/// tracker (Tracker → Image) and the headset registration (XrWorld → Tracker, or XrWorld → Image without a tracker
/// registration). Every pose is read from the server's live frame graph (the one the tracker feeds and guidance
/// resolves), every accepted result is stored both there and in the case folder. One step runs at a time. A refused
/// step throws <see cref="ArRefusedException"/> with the HTTP status and a message that says what to do.
/// </summary>
public sealed partial class ArSession
{
    /// <summary>Stated RMS fiducial localisation error of a controller tip touched on skin, mm (tracking + touch).</summary>
    public const double ControllerFleMm = 2.0;

    /// <summary>Largest FRE accepted for the headset registration, mm: above it a landmark was mis-touched or the patient moved.</summary>
    public const double ControllerFreLimitMm = 5.0;

    /// <summary>Largest ratio between the spreads of touched and fiducial points before they count as different units (mm vs m or cm).</summary>
    public const double MaxUnitsMismatch = 1.5;

    private readonly object _gate = new();
    private readonly CaseData _data;
    private readonly TrackedNeedleSource? _tracker;
    private readonly Action _registrationChanged;

    /// <summary>
    /// A session over <paramref name="data"/>'s case using <paramref name="frames"/>, the server's live graph (loaded from
    /// case.json); <paramref name="tracker"/> (null without one) feeds it and reads <paramref name="pointerTool"/>;
    /// <paramref name="registrationChanged"/> is called after a registration is stored (guidance re-sends its status).
    /// </summary>
    public ArSession(CaseData data, FrameGraph frames, TrackedNeedleSource? tracker, string pointerTool, Action registrationChanged)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentException.ThrowIfNullOrWhiteSpace(pointerTool);
        _data = data;
        Frames = frames;
        _tracker = tracker;
        PointerTool = pointerTool;
        _registrationChanged = registrationChanged;
    }

    /// <summary>The live frame graph (mm): tracker tools, registrations, controller calibrations.</summary>
    public FrameGraph Frames { get; }

    /// <summary>The tracked pointer's tool name (its tip is the frame "TOOLTip" when calibrated).</summary>
    public string PointerTool { get; }

    /// <summary>What the headset needs now: fiducials, latest registrations resolved through the current graph, calibrations, tracker, overlay error.</summary>
    public ArState State()
    {
        lock (_gate)
        {
            ArRegistrationFile file = LoadFile();
            ArRegistrationResult? latest = file.Latest is { } l && Resolved(FrameNames.Image, FrameNames.XrWorld) is { } imageToXr
                ? l with { ImageToXrWorld = imageToXr.ToRowMajor(), XrWorldToImage = imageToXr.Inverse().ToRowMajor() }
                : null;
            return new ArState(file.Fiducials, latest, ControllerFleMm, ControllerFreLimitMm, file.TipCalibrations ?? [], TrackerStateLocked(file), Overlay(latest?.PredictedTreMm));
        }
    }

    /// <summary>The tracker as the registration sees it, null without one; unlike <see cref="State"/> it chooses no fiducials (cheap for a page load).</summary>
    public ArTrackerState? TrackerState()
    {
        if (_tracker is null) return null;
        ArRegistrationFile? file;
        try
        {
            file = ArFiducials.TryLoad(_data.CaseDirectory);
        }
        catch (InvalidDataException e)
        {
            throw new ArRefusedException(StatusCodes.Status409Conflict, e.Message);
        }
        lock (_gate) return TrackerStateLocked(file);
    }

    private ArTrackerState? TrackerStateLocked(ArRegistrationFile? file) => _tracker is null ? null
        : new ArTrackerState(PointerTool, PointerTipFrame(), _tracker.Client.IsConnected, _tracker.Store.IsValid(PointerTool, TrackingClock.NowNs()),
            TrackerToImage() is not null, PointerTouches(), file?.Pointer, PointerFleMm, PointerFreLimitMm);

    /// <summary>
    /// Solves and stores the tip of <paramref name="hand"/>'s controller from grip → XrWorld poses (mm) taken while the tip
    /// stayed on one point: the static edge "HandControllerTip → HandController" in the live graph and case.json, and the
    /// calibration record in ar-registration.json; later touches with that controller use it.
    /// </summary>
    public ControllerTipCalibration CalibrateTip(string hand, IReadOnlyList<RigidTransform> gripToXrWorld)
    {
        ControllerTipCalibration c;
        try
        {
            c = ControllerTipCalibrator.Solve(hand, gripToXrWorld);
        }
        catch (RegistrationException e)
        {
            throw new ArRefusedException(StatusCodes.Status422UnprocessableEntity, e.Message);
        }
        lock (_gate)
        {
            var edge = new FrameEdge(ArFrames.ControllerTip(hand), ArFrames.Controller(hand), new RigidTransform(Matrix3.Identity, c.TipInGripMm), TrackingClock.NowNs(), Valid: true, Static: true);
            Store(edge, null);
            ArRegistrationFile file = LoadFile();
            ArFiducials.Save(_data.CaseDirectory, file with { TipCalibrations = [.. (file.TipCalibrations ?? []).Where(t => t.Hand != hand), c] });
        }
        return c;
    }

    private ArRegistrationFile LoadFile()
    {
        try
        {
            return ArFiducials.LoadOrChoose(_data.CaseDirectory, _data.Labels(0), Target());
        }
        catch (Exception e) when (e is InvalidDataException or CaseNotFoundException)
        {
            throw new ArRefusedException(StatusCodes.Status409Conflict, e.Message);
        }
    }

    private Vec3? Target() => _data.ChosenTrajectory()?.TargetMm;

    /// <summary>The static transform between two frames when the graph joins them, else null.</summary>
    private RigidTransform? Resolved(string from, string to)
    {
        if (!Frames.Frames.Contains(from) || !Frames.Frames.Contains(to)) return null;
        try
        {
            return Frames.Resolve(from, to).Transform;
        }
        catch (FrameGraphException)
        {
            return null;
        }
    }

    /// <summary>Tracker → Image when a tracker registration joins them directly (not through the headset), else null.</summary>
    private RigidTransform? TrackerToImage()
    {
        if (!Frames.Frames.Contains(FrameNames.Tracker) || !Frames.Frames.Contains(FrameNames.Image)) return null;
        try
        {
            FrameResolution r = Frames.Resolve(FrameNames.Tracker, FrameNames.Image);
            return r.Path.Contains(FrameNames.XrWorld) ? null : r.Transform;
        }
        catch (FrameGraphException)
        {
            return null;
        }
    }

    /// <summary>The overlay error at the target: the case's tracker registration TRE and an AR registration's (mm), combined.</summary>
    private OverlayError Overlay(double? arTreMm)
    {
        CaseRegistration? tracker = null;
        try
        {
            tracker = CaseStore.Load(_data.CaseDirectory).Registration;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // unreadable case.json: the tracker part is unknown, which the null says
        }
        return OverlayError.Combine(tracker?.PredictedTreMm, arTreMm);
    }

    private static ArRefusedException Refuse(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
}
