using System.Text.Json;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Cases;

/// <summary>
/// Every saved version of a case's plan, as plans/plan-NNNN.json beside case.json, so any change can be undone.
/// Saving writes the next version and then case.json (both atomic); undo sets the latest version aside as
/// plan-NNNN.undone.json and puts the one before it back into case.json.
/// </summary>
public static class PlanHistory
{
    /// <summary>The folder inside a case that holds plan versions.</summary>
    public const string Folder = "plans";

    /// <summary>One saved version: its number, what changed, when (UTC) and the plan.</summary>
    public sealed record Version(int Revision, string Change, DateTime SavedUtc, Plan? Plan);

    /// <summary>Saves a new plan version and the case with it; returns the revision number.</summary>
    public static int Save(string caseDirectory, CaseDocument document, Plan plan, string change, IReadOnlyDictionary<string, double>? stageSeconds = null)
    {
        List<(int Revision, string Path)> versions = List(caseDirectory);
        // A plan made before history existed (by 'case' or 'demo') becomes version 1, so it can be returned to.
        if (versions.Count == 0 && document.Plan is not null) Write(caseDirectory, new Version(1, "plan made with the case", DateTime.UtcNow, document.Plan));
        int revision = (List(caseDirectory).LastOrDefault().Revision) + 1;
        Write(caseDirectory, new Version(revision, change, DateTime.UtcNow, plan));
        CaseStore.Save(caseDirectory, document with { Plan = plan, StageSeconds = stageSeconds ?? document.StageSeconds });
        return revision;
    }

    /// <summary>Undoes the latest plan change; returns the version now in effect. Throws when there is nothing to undo.</summary>
    public static Version Undo(string caseDirectory)
    {
        CaseDocument document = CaseStore.Load(caseDirectory);
        List<(int Revision, string Path)> versions = List(caseDirectory);
        if (versions.Count < 2) throw new InvalidDataException($"'{caseDirectory}' has {versions.Count} saved plan version(s); there is no earlier plan to go back to");
        Version previous = Read(versions[^2].Path);
        CaseStore.Save(caseDirectory, document with { Plan = previous.Plan });
        File.Move(versions[^1].Path, Path.ChangeExtension(versions[^1].Path, ".undone.json"), overwrite: true);
        return previous;
    }

    /// <summary>Saved versions in order, as (revision, file path).</summary>
    public static List<(int Revision, string Path)> List(string caseDirectory)
    {
        string folder = Path.Combine(caseDirectory, Folder);
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "plan-*.json")
            .Select(p => (Name: Path.GetFileName(p), Path: p))
            .Where(f => f.Name.Length == "plan-0000.json".Length && int.TryParse(f.Name.AsSpan(5, 4), out _))
            .Select(f => (int.Parse(f.Name.AsSpan(5, 4)), f.Path))
            .OrderBy(v => v.Item1).ToList();
    }

    private static void Write(string caseDirectory, Version version)
    {
        string folder = Directory.CreateDirectory(Path.Combine(caseDirectory, Folder)).FullName;
        AtomicFile.WriteAllText(Path.Combine(folder, $"plan-{version.Revision:0000}.json"), JsonSerializer.Serialize(version, NavJson.Options));
    }

    private static Version Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Version>(File.ReadAllText(path), NavJson.Options) ?? throw new InvalidDataException($"plan version '{path}' is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"plan version '{path}' is not valid JSON ({e.Message}); delete it to undo past it", e);
        }
    }
}
