using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning.Volumetry;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `volumes CASE [--cut x,y,z:nx,ny,nz | --surface x,y,z;x,y,z;x,y,z...:nx,ny,nz] [--organ liver] [--json]`: segment
/// volumes in mL and, with a cut plane (a point and a normal in patient LPS; the normal's side is resected) or a curved
/// surface through control points (a thin-plate spline; the direction's side is resected), the remnant volume in mL
/// and %; saved as CASE/volumetry.json.
/// </summary>
public static class VolumesCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "volumes CASE [--cut x,y,z:nx,ny,nz | --surface x,y,z;x,y,z;x,y,z...:nx,ny,nz] [--organ liver] [--json]   segment volumes; remnant after a cut plane or dragged surface (mL, %)";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("volumes", args, ["cut", "surface", "organ"], ["json"]);
        if (a.Option("cut") is not null && a.Option("surface") is not null) throw new UsageException("volumes: give either --cut (a plane) or --surface (a curved surface), not both");
        string caseDir = a.Positional("case folder");
        CaseStore.Load(caseDir);
        LabelMap labels = SegNrrd.Read(Path.Combine(caseDir, CaseStore.LabelsFile));
        IReadOnlyDictionary<string, double> volumes = OrganVolumetry.Volumes(labels);
        ResectionResult? cut = null;
        if (a.Option("cut") is string plane)
        {
            string[] parts = plane.Split(':');
            if (parts.Length != 2) throw new UsageException($"volumes: --cut '{plane}' must be x,y,z:nx,ny,nz (a point and the normal of the resected side, patient LPS mm)");
            cut = OrganVolumetry.CutPlane(labels, a.Option("organ") ?? "liver", PlanCommand.ParsePoint(parts[0], "cut"), PlanCommand.ParsePoint(parts[1], "cut"));
        }
        if (a.Option("surface") is string surface)
        {
            string[] parts = surface.Split(':');
            if (parts.Length != 2 || parts[0].Split(';', StringSplitOptions.RemoveEmptyEntries).Length < 3)
            {
                throw new UsageException($"volumes: --surface '{surface}' must be x,y,z;x,y,z;x,y,z...:nx,ny,nz (at least 3 control points and the direction of the resected side, patient LPS mm)");
            }
            List<Vec3> points = parts[0].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => PlanCommand.ParsePoint(p.Trim(), "surface")).ToList();
            cut = OrganVolumetry.CutSurface(labels, a.Option("organ") ?? "liver", new ResectionSurface(points, PlanCommand.ParsePoint(parts[1], "surface")));
        }
        var result = new { volumesMl = volumes.ToDictionary(v => v.Key, v => Math.Round(v.Value, 2)), resection = cut };
        AtomicFile.WriteAllText(Path.Combine(caseDir, "volumetry.json"), JsonSerializer.Serialize(result, NavJson.Options));
        if (a.Flag("json")) Output.Json(result);
        else
        {
            foreach ((string name, double ml) in volumes) Output.Result($"{name,-10} {ml,10:0.0} mL");
            if (cut is not null) Output.Result(cut.Describe());
        }
        return 0;
    }
}
