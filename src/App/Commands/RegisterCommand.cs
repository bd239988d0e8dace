using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Registration.PointBased;

namespace SurgicalNav.App.Commands;

/// <summary>`register --fixed f.csv --moving m.csv [--target x,y,z] [--fle-mm 0.25] [--similarity] [--json]`: paired-point registration with FRE and predicted TRE.</summary>
public static class RegisterCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "register --fixed f.csv --moving m.csv [--target x,y,z] [--fle-mm 0.25] [--similarity] [--json]   paired-point registration, FRE and predicted TRE";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("register", args, ["fixed", "moving", "target", "fle-mm"], ["json", "similarity"]);
        if (a.Positionals.Count > 0) throw new UsageException($"register: unexpected argument '{a.Positionals[0]}'; give the point files with --fixed and --moving");
        string fixedPath = a.Required("fixed", "CSV of fixed points (image, x,y,z mm per line)");
        string movingPath = a.Required("moving", "CSV of moving points (tracker, x,y,z mm per line, same order)");
        double fle = a.Double("fle-mm", 0.25, 0, 100);
        Vec3? target = a.Option("target") is { } text ? ParsePoint(text) : null;
        IReadOnlyList<Vec3> fixedPoints = PointsCsv.Read(fixedPath), moving = PointsCsv.Read(movingPath);
        if (fixedPoints.Count != moving.Count)
        {
            throw new InvalidDataException($"{fixedPath} has {fixedPoints.Count} points but {movingPath} has {moving.Count}; list the same fiducials in the same order in both");
        }
        PointRegistrationResult r = PointRegistration.Solve(moving, fixedPoints, new PointRegistrationOptions(AllowScale: a.Flag("similarity")));
        double? tre = target is { } t ? r.PredictTreMm(t, fle) : null;
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
