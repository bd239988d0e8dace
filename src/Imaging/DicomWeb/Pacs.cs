using System.Diagnostics;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>
/// The front door for PACS access over DICOMweb: search studies (QIDO-RS), and import one series (QIDO-RS to find it,
/// WADO-RS to pull it). A pulled series goes through the same import as a folder on disk (isolated GDCM decoding,
/// grouping, slice ordering), so it gives the same volume, voxel for voxel.
/// </summary>
public static class Pacs
{
    /// <summary>Modalities of series that hold no image volume; skipped when a study's series is picked automatically.</summary>
    private static readonly HashSet<string> NonImageModalities = new(StringComparer.OrdinalIgnoreCase) { "SR", "PR", "KO", "DOC", "RTSTRUCT", "RTPLAN", "RTRECORD", "REG", "SEG" };

    /// <summary>Studies on the server at <paramref name="url"/> matching <paramref name="query"/>.</summary>
    public static async Task<IReadOnlyList<PacsStudy>> SearchStudiesAsync(string url, StudyQuery query, DicomWebOptions? options = null, CancellationToken ct = default)
    {
        using var client = new DicomWebClient(url, options);
        return await client.SearchStudiesAsync(query, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports one series of study <paramref name="studyUid"/> from the server at <paramref name="url"/>:
    /// <see cref="DicomLoadOptions.SeriesUid"/> names it; without it the study must hold exactly one image series.
    /// The instances are streamed into a temporary folder, imported like a folder on disk, and the folder is deleted.
    /// </summary>
    public static async Task<DicomWebImportResult> LoadSeriesAsync(
        string url, string studyUid, DicomLoadOptions loadOptions, DicomWebOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(loadOptions);
        using var client = new DicomWebClient(url, options);
        string study = DicomWebClient.CheckUid(studyUid, "study");
        string where = $"the PACS at {client.BaseUri}";
        if ((await client.SearchStudiesAsync(new StudyQuery(StudyInstanceUid: study), ct).ConfigureAwait(false)).Count == 0)
        {
            throw new DicomWebException($"study '{study}' is not on {where}; list its studies with 'surgicalnav pacs search {url}' and pass one of their UIDs with --study");
        }
        IReadOnlyList<PacsSeries> series = await client.SearchSeriesAsync(study, ct).ConfigureAwait(false);
        PacsSeries chosen = Choose(series, loadOptions.SeriesUid, study, where);

        string folder = Path.Combine(Path.GetTempPath(), "surgicalnav-dicomweb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Stopwatch.StartNew();
            (int instances, long bytes) = await client.RetrieveSeriesAsync(study, chosen.SeriesInstanceUid, folder, ct).ConfigureAwait(false);
            double retrieveSeconds = clock.Elapsed.TotalSeconds;
            DicomSeriesResult result;
            try
            {
                // The folder holds this one series; the index still picks a part when the series splits by geometry.
                result = await DicomSeries.LoadAsync(folder, loadOptions with { SeriesUid = null }, ct).ConfigureAwait(false);
            }
            catch (DicomImportException e)
            {
                string source = $"series {chosen.SeriesInstanceUid} from {client.BaseUri}";
                throw new DicomImportException(e.Message.Replace(folder, source, StringComparison.Ordinal), e)
                {
                    FilePath = e.FilePath?.Replace(folder, source, StringComparison.Ordinal),
                    Kind = e.Kind,
                };
            }
            return new DicomWebImportResult(result, study, instances, bytes, retrieveSeconds);
        }
        finally
        {
            DeleteQuietly(folder);
        }
    }

    private static PacsSeries Choose(IReadOnlyList<PacsSeries> series, string? seriesUid, string study, string where)
    {
        string listing = string.Concat(series.Select(s => Environment.NewLine + "  " + s));
        if (seriesUid is not null)
        {
            string wanted = DicomWebClient.CheckUid(seriesUid, "series");
            return series.FirstOrDefault(s => s.SeriesInstanceUid == wanted)
                ?? throw new DicomWebException($"series '{wanted}' is not in study '{study}' on {where}; the study holds:{listing}{Environment.NewLine}pass one of these UIDs with --series");
        }
        var images = series.Where(s => !NonImageModalities.Contains(s.Modality)).ToList();
        if (images.Count == 1) return images[0];
        if (images.Count == 0)
        {
            throw new DicomWebException($"study '{study}' on {where} holds no image series:{(listing.Length > 0 ? listing : " (no series at all)")}");
        }
        throw new DicomWebException($"study '{study}' on {where} holds {images.Count} image series:{listing}{Environment.NewLine}choose one with --series UID");
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder that cannot be removed (a file still open elsewhere) must not hide the import's own
            // outcome; it lives under the temp folder, which the system cleans.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
