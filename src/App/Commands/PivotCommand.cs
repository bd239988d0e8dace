using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Calibration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Recording;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `pivot poses.csv|recording.igtr [--tool NAME] [--json] [--case DIR]`: pivot calibration of a tracked tool's tip from
/// poses recorded while pivoting, either as CSV or as a tracker recording made by `surgicalnav record`; with --case
/// the tip becomes the static "NeedleTip → Needle" edge (or "TOOLTip → TOOL") of the case's frame graph.
/// </summary>
public static class PivotCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "pivot poses.csv|recording.igtr [--tool NAME] [--json] [--case DIR]   tool tip offset by pivot calibration (CSV: t_s + 4x4 row-major, or t_s,x,y,z,qx,qy,qz,qw)";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("pivot", args, ["tool", "case"], ["json"]);
        string path = a.Positional("CSV or tracker recording (.igtr) of tool-to-tracker poses recorded while pivoting");
        IReadOnlyList<ToolPose> poses = IsRecording(path)
            ? FromRecording(path, a.Required("tool", "the tracked tool to calibrate, as its OpenIGTLink device name (for example Stylus)"))
            : PoseCsv.Read(path);
        PivotResult r = PivotCalibration.Solve(poses);
        if (a.Option("case") is { } caseDir)
        {
            string tool = a.Option("tool") ?? FrameNames.Needle;
            string tip = tool == FrameNames.Needle ? FrameNames.NeedleTip : tool + "Tip";
            CaseFrames.SaveEdge(caseDir, new FrameEdge(tip, tool, r.ToolToTip.Inverse(), TrackingClock.NowNs(), Valid: true, Static: true));
            Output.Progress($"pivot: stored {tip} → {tool} in {Path.Combine(caseDir, CaseStore.CaseFile)}");
        }
        if (a.Flag("json"))
        {
            Output.Json(new { tipInToolMm = r.TipInTool, pivotInTrackerMm = r.PivotInTracker, rmsResidualMm = r.RmsResidualMm, maxResidualMm = r.MaxResidualMm, samples = r.SampleCount, spreadDeg = r.SpreadDeg });
            return 0;
        }
        Output.Result($"tip in tool frame {r.TipInTool} mm; pivot in tracker {r.PivotInTracker} mm");
        Output.Result($"RMS residual {r.RmsResidualMm:0.000} mm (max {r.MaxResidualMm:0.000}) over {r.SampleCount} poses spanning {r.SpreadDeg:0}°");
        return 0;
    }

    private static bool IsRecording(string path) =>
        path.EndsWith(".igtr", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".igtl", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every valid pose of one tool in a recording, decoded with the same validation as a live connection.</summary>
    private static List<ToolPose> FromRecording(string path, string tool)
    {
        RecordingContents contents = TrackingRecording.Read(path);
        var poses = new List<ToolPose>();
        var seen = new HashSet<string>();
        // Ages do not matter offline: every recorded sample counts, only the tracker's "missing" flag removes one.
        var store = new TrackedToolStore(TimeSpan.FromDays(365))
        {
            SampleStored = s =>
            {
                seen.Add(s.ToolName);
                if (s.ToolName != tool || s.Missing) return;
                poses.Add(new ToolPose(TrackerFrameFeed.ToTransform(s.Pose), s.SenderTimestampNs));
            },
        };
        RecordingReplay.Decode(contents.Messages, m => store.Handle(null, m));
        if (poses.Count == 0)
        {
            string tools = seen.Count == 0 ? "no tool poses at all" : "tools " + string.Join(", ", seen.Order());
            throw new InvalidDataException($"{path}: no valid poses of tool '{tool}' in the recording (it holds {tools}); pass --tool with one of those names");
        }
        if (contents.IgnoredTailBytes > 0) Output.Progress($"pivot: warning: {path} ends in {contents.IgnoredTailBytes} bytes of an incomplete record ({contents.StopReason}); they were skipped");
        return poses;
    }
}
