using SurgicalNav.App.Cli;
using SurgicalNav.Imaging.DicomWeb;

namespace SurgicalNav.App.Commands;

/// <summary>`pacs search URL [--patient NAME] [--modality CT] [--json]`: lists a DICOMweb server's studies (QIDO-RS).</summary>
public static class PacsCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "pacs search dicomweb+http://HOST:PORT/dicom-web [--patient NAME] [--modality CT] [--json]   list a PACS's studies over DICOMweb (QIDO-RS; * and ? are wildcards)";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("pacs", args, ["patient", "modality"], ["json"]);
        if (a.Positionals.Count != 2 || a.Positionals[0] != "search")
        {
            throw new UsageException("pacs: usage is 'pacs search dicomweb+http://HOST:PORT/dicom-web [--patient NAME] [--modality CT] [--json]'");
        }
        string url = a.Positionals[1];
        IReadOnlyList<PacsStudy> studies = await Pacs.SearchStudiesAsync(url, new StudyQuery(a.Option("patient"), a.Option("modality")), ct: ct).ConfigureAwait(false);
        if (a.Flag("json"))
        {
            Output.Json(studies.Select(s => new
            {
                study = s.StudyInstanceUid, patient = s.PatientName, patientId = s.PatientId, studyDate = s.StudyDate, description = s.StudyDescription,
                modalities = s.Modalities, series = s.SeriesCount, instances = s.InstanceCount,
            }).ToList());
            return 0;
        }
        if (studies.Count == 0)
        {
            Output.Result("pacs: no studies match; widen the search (wildcards: --patient 'DOE*')");
            return 0;
        }
        foreach (PacsStudy s in studies)
        {
            string count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";
            Output.Result($"{s.PatientName} ({s.PatientId})  {s.StudyDate}  \"{s.StudyDescription}\"  {string.Join("/", s.Modalities)}  {count(s.SeriesCount)} series, {count(s.InstanceCount)} instances");
            Output.Result($"    study {s.StudyInstanceUid}");
        }
        Output.Progress($"pacs: {studies.Count} stud{(studies.Count == 1 ? "y" : "ies")}; import one with: surgicalnav import {url} --study UID --out volume.nrrd");
        return 0;
    }
}
