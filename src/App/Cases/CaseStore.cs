using System.Text.Json;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.App.Cases;

/// <summary>Reads and writes a case folder's case.json; writes are atomic (temporary file, flush, rename).</summary>
public static class CaseStore
{
    /// <summary>File names inside a case folder.</summary>
    public const string CaseFile = "case.json", VolumeFile = "volume.nrrd", LabelsFile = "labels.seg.nrrd", AnatomyFile = "anatomy.glb";

    /// <summary>Writes case.json into the folder.</summary>
    public static void Save(string caseDirectory, CaseDocument document) =>
        AtomicFile.WriteAllText(Path.Combine(caseDirectory, CaseFile), JsonSerializer.Serialize(document, NavJson.Options));

    /// <summary>Reads case.json; throws FileNotFoundException naming the folder and how to make a case.</summary>
    public static CaseDocument Load(string caseDirectory)
    {
        string path = Path.Combine(caseDirectory, CaseFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{caseDirectory}' is not a case folder (no {CaseFile}); make one with 'surgicalnav case DICOM_DIR --out {caseDirectory}' or './nav demo'");
        }
        try
        {
            return JsonSerializer.Deserialize<CaseDocument>(File.ReadAllText(path), NavJson.Options)
                ?? throw new InvalidDataException($"'{path}' is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid case file ({e.Message}); restore it or re-run 'surgicalnav case'", e);
        }
    }
}
