using System.Diagnostics;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.DicomWeb;
using SurgicalNav.Imaging.IO;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `import DIR|DICOMDIR|FILE|dicomweb+http://host:port/dicom-web --out volume.nrrd|.nii|.nii.gz [--study UID] [--series UID | --series-index N] [--skip-broken] [--in-process] [--json]`:
/// reads one DICOM series, from disk or from a PACS over DICOMweb, into a volume file.
/// </summary>
public static class ImportCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "import DIR|DICOMDIR|FILE|dicomweb+http://HOST:PORT/dicom-web --out volume.nrrd|.nii|.nii.gz [--study UID] [--series UID|--series-index N] [--skip-broken] [--in-process] [--json]   read one DICOM series (GDCM, isolated; from disk or a PACS) into a volume";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("import", args, ["out", "series", "series-index", "study"], ["json", "skip-broken", "in-process"]);
        string input = a.Positional("DICOM folder, DICOMDIR, file or dicomweb+http:// PACS URL to import");
        string output = a.Required("out", $"the volume file to write ({VolumeFile.Extensions})");
        VolumeFile.Kind(output); // a wrong extension fails now, not after a long import
        var options = new DicomLoadOptions
        {
            SeriesUid = a.Option("series"),
            SeriesIndex = a.Option("series-index") is null ? null : a.Int("series-index", 0, 0, 100_000),
            SkipUnreadableFiles = a.Flag("skip-broken"),
            InProcess = a.Flag("in-process"),
        };
        string? study = a.Option("study");
        DicomSeriesResult series;
        VolumeInfo info;
        double seconds;
        object? pacs = null;
        if (DicomWebClient.IsDicomWebUrl(input))
        {
            if (study is null) throw new UsageException($"import: a PACS import needs --study UID; list the studies with 'surgicalnav pacs search {input}'");
            var clock = Stopwatch.StartNew();
            DicomWebImportResult pulled = await Pacs.LoadSeriesAsync(input, study, options, ct: ct).ConfigureAwait(false);
            seconds = clock.Elapsed.TotalSeconds;
            series = pulled.Series;
            info = PipelineStages.Describe(series.Volume, series.SeriesInstanceUid, series.Modality);
            pacs = new { url = input, study = pulled.StudyInstanceUid, instances = pulled.Instances, bytes = pulled.Bytes, retrieveSeconds = Math.Round(pulled.RetrieveSeconds, 3) };
            Output.Progress($"import: pulled {pulled.Instances} instances ({pulled.Bytes / 1048576.0:0.0} MiB) over DICOMweb in {pulled.RetrieveSeconds:0.00} s");
        }
        else
        {
            if (study is not null) throw new UsageException("import: --study applies to a PACS (dicomweb+http://...) import; for a folder pick the series with --series or --series-index");
            (series, info, seconds) = await PipelineStages.ImportAsync(input, options, ct).ConfigureAwait(false);
        }
        foreach (string w in series.Warnings) Output.Progress($"import: warning: {w}");
        // Values that are not whole numbers (RT Dose in Gy) are written exactly, as float voxels.
        if (series.FloatVolume is { } values) VolumeFile.Write(output, values);
        else VolumeFile.Write(output, series.Volume);
        // The float range for dose grids, whose 16-bit copy is rounded to whole numbers.
        (double minValue, double maxValue) = series.FloatVolume is { } exact ? (exact.Data.Min(), exact.Data.Max()) : (info.MinValue, info.MaxValue);
        if (a.Flag("json"))
        {
            Output.Json(new
            {
                info.Dimensions, info.SpacingMm, info.OriginMm, info.Direction, info.SeriesInstanceUid, info.Modality, MinValue = minValue, MaxValue = maxValue,
                voxelType = series.FloatVolume is null ? "short" : "float", series.PhotometricInterpretation,
                files = series.FileCount, warnings = series.Warnings, seconds = Math.Round(seconds, 3), @out = Path.GetFullPath(output), pacs,
            });
        }
        else
        {
            Output.Result($"import: {series.Modality} {string.Join("x", info.Dimensions)} voxels, spacing {string.Join(" x ", info.SpacingMm.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)))} mm, {minValue.ToString("0.####", CultureInfo.InvariantCulture)}..{maxValue.ToString("0.####", CultureInfo.InvariantCulture)}, from {series.FileCount} files in {seconds:0.00} s -> {output}");
        }
        return 0;
    }
}
