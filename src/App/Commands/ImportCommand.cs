using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Nrrd;

namespace SurgicalNav.App.Commands;

/// <summary>`import DIR|DICOMDIR|FILE --out volume.nrrd [--series UID | --series-index N] [--skip-broken] [--in-process] [--json]`: reads one DICOM series into a NRRD volume.</summary>
public static class ImportCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "import DIR|DICOMDIR|FILE --out volume.nrrd [--series UID|--series-index N] [--skip-broken] [--in-process] [--json]   read one DICOM series (GDCM, isolated) into a volume";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("import", args, ["out", "series", "series-index"], ["json", "skip-broken", "in-process"]);
        string input = a.Positional("DICOM folder, DICOMDIR or file to import");
        string output = a.Required("out", "the .nrrd file to write the volume to");
        var options = new DicomLoadOptions
        {
            SeriesUid = a.Option("series"),
            SeriesIndex = a.Option("series-index") is null ? null : a.Int("series-index", 0, 0, 100_000),
            SkipUnreadableFiles = a.Flag("skip-broken"),
            InProcess = a.Flag("in-process"),
        };
        var (series, info, seconds) = await PipelineStages.ImportAsync(input, options, ct).ConfigureAwait(false);
        foreach (string w in series.Warnings) Output.Progress($"import: warning: {w}");
        // Values that are not whole numbers (RT Dose in Gy) are written exactly, as float voxels.
        if (series.FloatVolume is { } values) NrrdFile.Write(output, values);
        else NrrdFile.Write(output, series.Volume);
        // The float range for dose grids, whose 16-bit copy is rounded to whole numbers.
        (double minValue, double maxValue) = series.FloatVolume is { } exact ? (exact.Data.Min(), exact.Data.Max()) : (info.MinValue, info.MaxValue);
        if (a.Flag("json"))
        {
            Output.Json(new
            {
                info.Dimensions, info.SpacingMm, info.OriginMm, info.Direction, info.SeriesInstanceUid, info.Modality, MinValue = minValue, MaxValue = maxValue,
                voxelType = series.FloatVolume is null ? "short" : "float", series.PhotometricInterpretation,
                files = series.FileCount, warnings = series.Warnings, seconds = Math.Round(seconds, 3), @out = Path.GetFullPath(output),
            });
        }
        else
        {
            Output.Result($"import: {series.Modality} {string.Join("x", info.Dimensions)} voxels, spacing {string.Join(" x ", info.SpacingMm.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)))} mm, {minValue.ToString("0.####", CultureInfo.InvariantCulture)}..{maxValue.ToString("0.####", CultureInfo.InvariantCulture)}, from {series.FileCount} files in {seconds:0.00} s -> {output}");
        }
        return 0;
    }
}
