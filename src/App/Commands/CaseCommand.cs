using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Compute;
using SurgicalNav.Segmentation;

namespace SurgicalNav.App.Commands;

/// <summary>`case DICOM_DIR --out CASE [--seed x,y,z:name ...] [--series UID] [--device D] [--json]`: the whole pipeline on a user's scan.</summary>
public static class CaseCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "case DICOM_DIR --out CASE [--seed x,y,z:name ...] [--series UID] [--device D] [--json]   import, segment, mesh, plan into a case folder";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("case", args, ["out", "seed", "series", "device", "truth"], ["json"]);
        string dicom = a.Positional("DICOM folder");
        string caseDir = a.Required("out", "the case folder to create");
        List<SegmentSeed> seeds = SeedArgs.Read(a, a.Option("truth") is string t ? PhantomCommand.ReadTruth(t) : null);
        using IComputeBackend backend = ComputeBackends.Select(a.Option("device"), Output.Progress, DeviceProbe.OutOfProcess);
        CaseBuilder.Result result = await CaseBuilder.BuildAsync(dicom, caseDir, seeds, backend, Output.Progress, seriesUid: a.Option("series"), ct: ct).ConfigureAwait(false);
        if (a.Flag("json"))
        {
            Output.Json(new { stages = result.Document.StageSeconds, voxels = result.Voxels, triangles = result.Triangles, device = backend.Name, @case = Path.GetFullPath(caseDir), warnings = result.Warnings });
        }
        else
        {
            Output.Result($"case: wrote {caseDir} (open it with: surgicalnav serve --case {caseDir})");
        }
        return 0;
    }
}
