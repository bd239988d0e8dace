using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Registration.PointBased;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `register --fixed f.csv --moving m.csv [--target x,y,z] [--fle-mm 0.25] [--similarity] [--json] [--case DIR [--from Tracker] [--to Image]]`:
/// paired-point registration with FRE and predicted TRE; with --case the result becomes the case's From→To frame-graph edge.
/// </summary>
public static class RegisterCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "register --fixed f.csv --moving m.csv [--target x,y,z] [--fle-mm 0.25] [--similarity] [--json] [--case DIR --from Tracker --to Image]   paired-point registration, FRE and predicted TRE; --case stores it in the case";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("register", args, ["fixed", "moving", "target", "fle-mm", "case", "from", "to"], ["json", "similarity"]);
        if (a.Positionals.Count > 0) throw new UsageException($"register: unexpected argument '{a.Positionals[0]}'; give the point files with --fixed and --moving");
        string fixedPath = a.Required("fixed", "CSV of fixed points (image, x,y,z mm per line)");
        string movingPath = a.Required("moving", "CSV of moving points (tracker, x,y,z mm per line, same order)");
        double fle = a.Double("fle-mm", 0.25, 0, 100);
        Vec3? target = a.Option("target") is { } text ? ParsePoint(text) : null;
        string? caseDir = a.Option("case");
        if (caseDir is null && (a.Option("from") is not null || a.Option("to") is not null))
        {
            throw new UsageException("register: --from and --to name the frames of the case edge to write; give --case DIR too");
        }
        // In a case, the TRE that matters is at the planned target; use it unless --target says otherwise.
        CaseDocument? caseDocument = caseDir is null ? null : CaseStore.Load(caseDir);
        target ??= caseDocument?.Plan?.Trajectories.FirstOrDefault()?.TargetMm;
        IReadOnlyList<Vec3> fixedPoints = PointsCsv.Read(fixedPath), moving = PointsCsv.Read(movingPath);
        if (fixedPoints.Count != moving.Count)
        {
            throw new InvalidDataException($"{fixedPath} has {fixedPoints.Count} points but {movingPath} has {moving.Count}; list the same fiducials in the same order in both");
        }
        PointRegistrationResult r = PointRegistration.Solve(moving, fixedPoints, new PointRegistrationOptions(AllowScale: a.Flag("similarity")));
        double? tre = target is { } t ? r.PredictTreMm(t, fle) : null;
        string from = a.Option("from") ?? FrameNames.Tracker, to = a.Option("to") ?? FrameNames.Image;
        if (caseDir is not null)
        {
            if (r.MovingToFixed.Scale != 1) throw new UsageException("register: a similarity (scaled) result cannot be a frame-graph edge; drop --similarity with --case");
            CaseFrames.SaveEdge(caseDir, new FrameEdge(from, to, r.MovingToFixed, TrackingClock.NowNs(), Valid: true, Static: true),
                new CaseRegistration(from, to, r.FreMm, tre, target?.ToArray(), fle, r.ResidualsMm.Count, DateTime.UtcNow));
            Output.Progress($"register: stored {from} → {to} in {Path.Combine(caseDir, CaseStore.CaseFile)}");
        }
        if (a.Flag("json"))
        {
            Output.Json(new
            {
                movingToFixed = r.MovingToFixed.ToRowMajor(),
                freMm = r.FreMm,
                residualsMm = r.ResidualsMm,
                treMm = tre,
                target,
                fleMm = fle,
                scale = r.MovingToFixed.Scale,
                worstFiducial = r.Worst,
                expectedFreMm = r.Tre.ExpectedFreMm(fle),
            });
            return 0;
        }
        double[] m = r.MovingToFixed.ToRowMajor();
        Output.Result("movingToFixed (4x4, mm):");
        for (int row = 0; row < 4; row++) Output.Result(string.Create(CultureInfo.InvariantCulture, $"  {m[4 * row],12:0.000000} {m[4 * row + 1],12:0.000000} {m[4 * row + 2],12:0.000000} {m[4 * row + 3],12:0.000}"));
        Output.Result($"FRE {r.FreMm:0.000} mm RMS over {r.ResidualsMm.Count} fiducials (expected {r.Tre.ExpectedFreMm(fle):0.000} mm for FLE {fle} mm); residuals " +
                      string.Join(" ", r.ResidualsMm.Select(e => e.ToString("0.000", CultureInfo.InvariantCulture))));
        if (r.Worst is { } w)
        {
            Output.Result($"worst fiducial: #{w.Index + 1}, the others predict it {w.LeaveOneOutErrorMm:0.00} mm off; FRE without it {w.FreWithoutMm:0.000} mm");
        }
        if (tre is { } value) Output.Result($"predicted TRE at {target}: {value:0.000} mm RMS (FLE {fle} mm)");
        else Output.Result("give --target x,y,z (image mm) for the predicted TRE there; FRE alone says little about accuracy at the target");
        return 0;
    }

    private static Vec3 ParsePoint(string text)
    {
        string[] parts = text.Split(',');
        var v = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && double.IsFinite(v[i])).All(ok => ok))
        {
            throw new UsageException($"register: --target '{text}' must be x,y,z in mm, for example --target 10,-25.5,120");
        }
        return new Vec3(v[0], v[1], v[2]);
    }
}
