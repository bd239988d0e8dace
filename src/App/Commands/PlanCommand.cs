using System.Globalization;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `plan CASE [--target tumor|x,y,z] [--device NAME --power W --time s] [--auto] [--entry x,y,z] [--json]` and
/// `plan CASE --undo`: suggests (or evaluates) a needle per target, predicts the ablation zone and saves a new plan
/// version in the case; a failure leaves the saved plan unchanged.
/// </summary>
public static class PlanCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "plan CASE [--target tumor|x,y,z] [--device NAME --power W --time s] [--auto] [--entry x,y,z] [--needle-length-mm 150] [--margin-mm 5] [--undo] [--json]   plan needles, zones; undo";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("plan", args, ["needle-length-mm", "target", "device", "power", "time", "margin-mm", "entry"], ["json", "auto", "undo"]);
        string caseDir = a.Positional("case folder");
        CaseDocument document = CaseStore.Load(caseDir);
        if (a.Flag("undo"))
        {
            PlanHistory.Version now = PlanHistory.Undo(caseDir);
            if (a.Flag("json")) Output.Json(new { revision = now.Revision, change = now.Change, plan = now.Plan });
            else Output.Result($"plan: back to version {now.Revision} ({now.Change}, saved {now.SavedUtc:u})");
            return 0;
        }
        string? device = a.Option("device");
        DeviceSettings? settings = device is null
            ? (a.Option("power") ?? a.Option("time")) is null ? null : throw new UsageException("plan: --power and --time need --device NAME (see assets/ablation-devices.json)")
            : new DeviceSettings(device, a.Double("power", double.NaN, 1, 1000), a.Double("time", double.NaN, 1, 7200));
        if (settings is not null && (double.IsNaN(settings.PowerW) || double.IsNaN(settings.TimeS))) throw new UsageException("plan: --device needs --power W and --time s");
        if (a.Option("entry") is not null && a.Flag("auto")) throw new UsageException("plan: give either --entry x,y,z (evaluate your path) or --auto (suggest one), not both");
        var request = new PlanRequest(
            Target: a.Option("target") ?? "tumor",
            Needle: NeedleModel.Default with { LengthMm = a.Double("needle-length-mm", NeedleModel.Default.LengthMm, 20, 400) },
            Settings: settings,
            MarginMm: a.Double("margin-mm", Plan.DefaultMarginMm, 0, 30),
            EntryMm: a.Option("entry") is string e ? ParsePoint(e, "entry") : null);
        LabelMap labels = SegNrrd.Read(Path.Combine(caseDir, CaseStore.LabelsFile));
        PlanOutcome outcome = AblationPlanner.Make(labels, request);
        var stages = new Dictionary<string, double>(document.StageSeconds) { ["plan"] = Math.Round(outcome.Seconds, 3) };
        string change = request.EntryMm is null ? $"suggested needle(s) for '{request.Target}'" : $"manual entry {request.EntryMm} for '{request.Target}'";
        if (settings is not null) change += $", {settings.Device} {settings.PowerW} W {settings.TimeS} s";
        int revision = PlanHistory.Save(caseDir, document, outcome.Plan, change, stages);
        PlanPrinter.Print(outcome, revision, a.Flag("json"));
        return 0;
    }

    /// <summary>Parses "x,y,z" in patient LPS mm.</summary>
    public static Vec3 ParsePoint(string text, string what)
    {
        string[] p = text.Split(',');
        var v = new double[3];
        if (p.Length != 3 || !p.Select((s, n) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v[n])).All(ok => ok))
        {
            throw new UsageException($"plan: --{what} '{text}' must be x,y,z in patient LPS mm, for example 12.5,-40,130");
        }
        return new Vec3(v[0], v[1], v[2]);
    }
}
