using SurgicalNav.App.Cli;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.App.Commands;

/// <summary>`series DIR|DICOMDIR|FILE [--json]`: lists every DICOM series found, without decoding pixels.</summary>
public static class SeriesCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "series DIR|DICOMDIR|FILE [--json]                                   list the DICOM series under a folder tree (pick one with import --series-index N)";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("series", args, [], ["json"]);
        string input = a.Positional("DICOM folder, DICOMDIR or file");
        // A listing shows what is there: files that cannot be read are named in a warning rather than ending it.
        IReadOnlyList<DicomSeriesSummary> series = DicomSeries.Probe(input, new DicomLoadOptions { SkipUnreadableFiles = true }, out IReadOnlyList<string> skipped);
        foreach (string w in skipped) Output.Progress($"series: warning: {w}");
        if (a.Flag("json"))
        {
            Output.Json(series.Select(s => new
            {
                index = s.Index, patient = s.PatientName, patientId = s.PatientId, study = s.StudyInstanceUid, studyDescription = s.StudyDescription,
                studyDate = s.StudyDate, series = s.SeriesInstanceUid, description = s.SeriesDescription, modality = s.Modality, slices = s.SliceCount,
                dimensions = s.Dimensions.ToArray(), spacingMm = s.SpacingMm?.ToArray(), transferSyntax = s.TransferSyntax, warnings = s.Warnings,
            }).ToList());
            return 0;
        }
        foreach (DicomSeriesSummary s in series)
        {
            string spacing = s.SpacingMm is { } sp ? string.Join(" x ", sp.ToArray().Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))) + " mm" : "spacing ?";
            Output.Result($"[{s.Index}] {s.PatientName} ({s.PatientId})  study {s.StudyDate} \"{s.StudyDescription}\"  {s.Modality} \"{s.SeriesDescription}\"  {s.SliceCount} file(s)  {s.Dimensions.X}x{s.Dimensions.Y}x{s.Dimensions.Z}  {spacing}  {s.TransferSyntax}");
            Output.Result($"    series {s.SeriesInstanceUid}");
            foreach (string w in s.Warnings) Output.Result($"    warning: {w}");
        }
        return 0;
    }
}
