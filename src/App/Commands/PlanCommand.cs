using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Commands;

/// <summary>`plan CASE [--needle-length-mm L] [--json]`: suggests a trajectory per tumour and saves it in the case.</summary>
public static class PlanCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "plan CASE [--needle-length-mm 200] [--json]                          suggest a safe straight needle path per tumour";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("plan", args, ["needle-length-mm"], ["json"]);
        string caseDir = a.Positional("case folder");
        CaseDocument document = CaseStore.Load(caseDir);
        LabelMap labels = SegNrrd.Read(Path.Combine(caseDir, CaseStore.LabelsFile));
        var options = new PlanningOptions(NeedleLengthMm: a.Double("needle-length-mm", 200, 20, 400));
        (Plan plan, int candidates, double seconds) = PipelineStages.Plan(labels, options);
        var stages = new Dictionary<string, double>(document.StageSeconds) { ["plan"] = Math.Round(seconds, 3) };
        CaseStore.Save(caseDir, document with { Plan = plan, StageSeconds = stages });
        Print(plan, candidates, seconds, a.Flag("json"));
        return 0;
    }

    /// <summary>Prints a plan for a clinician, or as JSON with "best" and "candidates".</summary>
    public static void Print(Plan plan, int candidates, double seconds, bool json)
    {
        Trajectory? best = plan.Trajectories.FirstOrDefault();
        if (json)
        {
            Output.Json(new
            {
                best = best is null ? null : new { best.EntryMm, best.TargetMm, best.LengthMm, best.MinClearanceMm, best.MeetsClearance, best.Warning },
                candidates,
                plan,
                seconds = Math.Round(seconds, 3),
            });
            return;
        }
        if (plan.Targets.Count == 0) Output.Result("plan: no tumour in the segmentation, nothing to plan");
        foreach (Trajectory t in plan.Trajectories)
        {
            Output.Result($"{t.Name}: entry {t.EntryMm} -> target {t.TargetMm} mm (LPS), length {t.LengthMm:0.0} mm, " +
                          $"clearance {t.DescribeClearances()}" +
                          (t.MeetsClearance ? "  OK" : $"  CHECK: {t.Warning}"));
        }
    }
}
