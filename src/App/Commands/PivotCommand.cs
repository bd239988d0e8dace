using SurgicalNav.App.Cli;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.App.Commands;

/// <summary>`pivot poses.csv [--json]`: pivot calibration of a tracked tool's tip from recorded poses.</summary>
public static class PivotCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "pivot poses.csv [--json]                                             tool tip offset by pivot calibration (CSV: t_s + 4x4 row-major, or t_s,x,y,z,qx,qy,qz,qw)";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("pivot", args, [], ["json"]);
        string path = a.Positional("CSV of tool-to-tracker poses recorded while pivoting");
        if (path.EndsWith(".igtl", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: reading OpenIGTLink recordings is not wired yet; export the tool's poses as CSV (t_s then 4x4 row-major) and pass that");
        }
        IReadOnlyList<ToolPose> poses = PoseCsv.Read(path);
        PivotResult r = PivotCalibration.Solve(poses);
        if (a.Flag("json"))
        {
            Output.Json(new { tipInToolMm = r.TipInTool, pivotInTrackerMm = r.PivotInTracker, rmsResidualMm = r.RmsResidualMm, maxResidualMm = r.MaxResidualMm, samples = r.SampleCount, spreadDeg = r.SpreadDeg });
            return 0;
        }
        Output.Result($"tip in tool frame {r.TipInTool} mm; pivot in tracker {r.PivotInTracker} mm");
        Output.Result($"RMS residual {r.RmsResidualMm:0.000} mm (max {r.MaxResidualMm:0.000}) over {r.SampleCount} poses spanning {r.SpreadDeg:0}°");
        return 0;
    }
}
