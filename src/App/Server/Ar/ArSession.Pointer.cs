using Microsoft.AspNetCore.Http;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Registration.PointBased;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Server.Ar;

/// <summary>The tracked-pointer registration of the tracker: touch each fiducial with the pointer, then solve Tracker → Image.</summary>
public sealed partial class ArSession
{
    /// <summary>Stated RMS fiducial localisation error of the tracked pointer tip on a skin landmark, mm (tracker 0.25 mm + placement).</summary>
    public const double PointerFleMm = 0.5;

    /// <summary>Largest FRE accepted for the pointer registration, mm.</summary>
    public const double PointerFreLimitMm = 3.0;

    private readonly Dictionary<int, PointerTouch> _pointerTouches = [];

    /// <summary>The frame read as the pointer tip: "TOOLTip" when a pivot calibration is stored, else the tool itself (PLUS sends tip tools such as StylusTip).</summary>
    public string PointerTipFrame() => Frames.Frames.Contains(ArFrames.ToolTip(PointerTool)) ? ArFrames.ToolTip(PointerTool) : PointerTool;

    /// <summary>
    /// Reads the pointer tip now, in the Tracker frame, from the frame graph and keeps it for fiducial <paramref name="fiducial"/>
    /// (0-based; null: the first not touched yet, so a second page, such as the workstation's, can confirm for the
    /// headset). Refused without a tracker, for an unknown fiducial, and when the pointer was never seen, is flagged
    /// missing or its pose is older than 200 ms.
    /// </summary>
    public PointerTouch TouchPointer(int? fiducial)
    {
        if (_tracker is null)
            throw new ArRefusedException(StatusCodes.Status409Conflict, "no optical tracker is connected to this server; start it with `serve --tracker HOST:PORT` to register with a tracked pointer, or touch the fiducials with the controller");
        lock (_gate)
        {
            ArRegistrationFile file = LoadFile();
            int k = fiducial ?? Enumerable.Range(0, file.Fiducials.Count + 1).First(i => !_pointerTouches.ContainsKey(i));
            if (k < 0 || k >= file.Fiducials.Count)
            {
                throw new ArRefusedException(StatusCodes.Status400BadRequest, fiducial is null
                    ? $"all {file.Fiducials.Count} fiducials are touched; register, or start the round again"
                    : $"fiducial {k} does not exist; the case has fiducials 0 to {file.Fiducials.Count - 1}");
            }
            string name = file.Fiducials[k].Name;
            if (!Frames.Frames.Contains(PointerTool))
            {
                throw Refuse($"the tracker has not reported the pointer '{PointerTool}' yet (tools seen: {string.Join(", ", _tracker.Store.ToolNames.DefaultIfEmpty("none"))}); " +
                             $"bring the pointer into the camera's view, tip on fiducial {k + 1} ({name}), and confirm again");
            }
            string tipFrame = PointerTipFrame();
            long now = TrackingClock.NowNs();
            FrameResolution r = Frames.Resolve(tipFrame, FrameNames.Tracker, now, _tracker.Store.MaxAgeNs);
            if (!r.IsValid)
            {
                throw Refuse($"the pointer's pose cannot be used: {r.InvalidReason}. Keep the pointer in the camera's view, tip on fiducial {k + 1} ({name}), and confirm again");
            }
            var touch = new PointerTouch(k, name, r.Transform.Apply(Vec3.Zero), r.OldestTimestampNs is { } t ? (now - t) / 1e6 : 0, tipFrame);
            _pointerTouches[k] = touch;
            return touch;
        }
    }

    /// <summary>Forgets the pointer touches of the round in progress (the headset starts the round again).</summary>
    public IReadOnlyList<PointerTouch> ResetPointer()
    {
        lock (_gate) _pointerTouches.Clear();
        return [];
    }

    /// <summary>The pointer touches of the round in progress, by fiducial.</summary>
    private PointerTouch[] PointerTouches() => [.. _pointerTouches.Values.OrderBy(t => t.Fiducial)];

    /// <summary>
    /// Registers the pointer tips kept for <paramref name="fiducials"/> (0-based, each touched before) onto their image
    /// positions and stores Tracker → Image in the live graph and the case (case.json "frames" and "registration", the
    /// registration guidance uses). Refuses fewer than 3, untouched fiducials, collinear points, points in other units than
    /// mm and an FRE above <see cref="PointerFreLimitMm"/>.
    /// </summary>
    public PointerRegistrationResult RegisterPointer(IReadOnlyList<int> fiducials)
    {
        ArgumentNullException.ThrowIfNull(fiducials);
        if (_tracker is null)
            throw new ArRefusedException(StatusCodes.Status409Conflict, "no optical tracker is connected to this server; start it with `serve --tracker HOST:PORT`");
        lock (_gate)
        {
            ArRegistrationFile file = LoadFile();
            if (fiducials.Count < 3)
                throw new ArRefusedException(StatusCodes.Status400BadRequest, $"got {fiducials.Count} pointer touches; the tracker registration needs at least 3 fiducials, 4 or more spread around the target");
            if (fiducials.Distinct().Count() != fiducials.Count)
                throw new ArRefusedException(StatusCodes.Status400BadRequest, "a fiducial is listed twice; list each touched fiducial once");
            var touches = new List<PointerTouch>();
            foreach (int k in fiducials)
            {
                if (!_pointerTouches.TryGetValue(k, out PointerTouch? t))
                    throw new ArRefusedException(StatusCodes.Status409Conflict, $"fiducial {k + 1} has not been touched with the pointer; touch it and confirm, then register");
                touches.Add(t);
            }
            Vec3[] tracker = [.. touches.Select(t => t.TipInTrackerMm)];
            Vec3[] image = [.. fiducials.Select(k => file.Fiducials[k].ImageMm)];
            PointRegistrationResult r = Solve(tracker, image, PointerFreLimitMm, k => file.Fiducials[fiducials[k]].Name);
            Vec3? target = Target();
            var result = new PointerRegistrationResult(PointerTool, touches[0].TipFrame, [.. fiducials], tracker, r.FreMm, [.. r.ResidualsMm],
                target is { } tt ? r.PredictTreMm(tt, PointerFleMm) : null, target, PointerFleMm, PointerFreLimitMm, r.MovingToFixed.ToRowMajor(), DateTime.UtcNow);
            var edge = new FrameEdge(FrameNames.Tracker, FrameNames.Image, r.MovingToFixed, TrackingClock.NowNs(), Valid: true, Static: true);
            Store(edge, new CaseRegistration(FrameNames.Tracker, FrameNames.Image, r.FreMm, result.PredictedTreMm, target?.ToArray(), PointerFleMm, fiducials.Count, result.CreatedUtc));
            ArFiducials.Save(_data.CaseDirectory, file with { Pointer = result });
            _pointerTouches.Clear();
            _registrationChanged();
            return result;
        }
    }

    /// <summary>Paired-point registration with the AR steps' checks; refusals name the worst fiducial.</summary>
    private static PointRegistrationResult Solve(Vec3[] moving, Vec3[] fixedPoints, double freLimitMm, Func<int, string> name)
    {
        PointRegistrationResult r;
        try
        {
            r = PointRegistration.Solve(moving, fixedPoints, new PointRegistrationOptions(MaxUnitsMismatch: MaxUnitsMismatch));
        }
        catch (RegistrationException e)
        {
            throw Refuse(e.Message);
        }
        if (r.FreMm > freLimitMm)
        {
            string worst = r.Worst is { } w ? $" Fiducial {w.Index + 1} ({name(w.Index)}) fits worst; " : " ";
            throw Refuse($"FRE {r.FreMm:0.0} mm is above the {freLimitMm:0.0} mm limit.{worst}touch the fiducials again, tip on the skin mark, and keep the patient still");
        }
        return r;
    }

    /// <summary>Stores a static edge in the live graph and the case, after removing the edges in <paramref name="removeFirst"/> from both.</summary>
    private void Store(FrameEdge edge, CaseRegistration? registration, params (string A, string B)[] removeFirst)
    {
        foreach ((string a, string b) in removeFirst) Frames.Remove(a, b);
        try
        {
            Frames.Set(edge);
        }
        catch (FrameGraphException e)
        {
            throw new ArRefusedException(StatusCodes.Status409Conflict, $"cannot store {edge.From} → {edge.To}: {e.Message}");
        }
        try
        {
            CaseFrames.SaveEdge(_data.CaseDirectory, edge, registration, removeFirst);
        }
        catch (InvalidDataException e)
        {
            throw new ArRefusedException(StatusCodes.Status409Conflict, e.Message);
        }
    }
}
