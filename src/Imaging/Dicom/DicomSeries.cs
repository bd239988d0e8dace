using SurgicalNav.Imaging.Dicom.Isolation;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// The front door for reading DICOM: load one series from a folder or file into a <see cref="Volume{T}"/> of
/// short (CT in HU) on a patient LPS mm geometry, or list the series a folder holds.
/// </summary>
public static partial class DicomSeries
{
    /// <summary>Loads the only series under <paramref name="path"/>: a folder (searched recursively), a DICOMDIR, or one file.</summary>
    public static Task<DicomSeriesResult> LoadAsync(string path, CancellationToken ct = default) =>
        LoadAsync(path, new DicomLoadOptions(), ct);

    /// <summary>Loads one series under <paramref name="path"/>; <see cref="DicomLoadOptions.SeriesUid"/> picks it when there are several.</summary>
    public static Task<DicomSeriesResult> LoadAsync(string path, DicomLoadOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => Load(path, options, ct), ct);
    }

    /// <summary>Lists the image series under <paramref name="path"/> without decoding pixels; throws <see cref="DicomImportException"/> when there are none.</summary>
    public static IReadOnlyList<DicomSeriesSummary> Probe(string path) => Probe(path, new DicomLoadOptions());

    /// <summary>Lists the image series under <paramref name="path"/> reading headers as <paramref name="options"/> say (isolation, limits).</summary>
    public static IReadOnlyList<DicomSeriesSummary> Probe(string path, DicomLoadOptions options) => Probe(path, options, out _);

    /// <summary>Lists the image series under <paramref name="path"/>; <paramref name="warnings"/> gets what the scan left out (skipped or non-DICOM files).</summary>
    public static IReadOnlyList<DicomSeriesSummary> Probe(string path, DicomLoadOptions options, out IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(options);
        (IReadOnlyList<DicomFileHeader> images, List<string> scanWarnings) = ReadHeaders(path, options, CancellationToken.None);
        warnings = scanWarnings;
        return GroupBySeries(images).Select((files, n) => Summarize(files, n, withPlan: true)).ToList();
    }

    private static DicomSeriesResult Load(string path, DicomLoadOptions options, CancellationToken ct)
    {
        (IReadOnlyList<DicomFileHeader> images, List<string> warnings) = ReadHeaders(path, options, ct);
        List<List<DicomFileHeader>> series = GroupBySeries(images);
        List<DicomFileHeader> chosen = Choose(series, options, path);
        DicomFileHeader first = chosen[0];
        string label = SeriesLabel(first);
        if (Splits.TryGetValue(chosen, out string? split)) warnings.Add($"series {label}: {split}");

        Volume<short> volume;
        Volume<float>? values = null;
        if (chosen.Count == 1 && (first.NumberOfFrames > 1 || first.Frames is not null))
        {
            (volume, values) = first.Frames is null ? (LoadMultiFrameWithGdcmGeometry(first, options, warnings), null) : LoadMultiFrame(first, label, options, warnings, ct);
        }
        else
        {
            if (chosen.Any(f => f.NumberOfFrames > 1))
            {
                throw new DicomImportException(
                    $"series {label} mixes multi-frame and single-frame files (e.g. '{chosen.First(f => f.NumberOfFrames > 1).FileName}'); this is not supported yet. Import the multi-frame file on its own");
            }
            DicomSlicePlan plan = DicomSliceSorter.Plan(chosen, label, options.MaxGapFactor);
            warnings.AddRange(plan.Warnings);
            volume = DecodeSlices(plan, label, options, warnings, ct);
        }

        return new DicomSeriesResult(
            volume, first.SeriesInstanceUid, first.StudyInstanceUid, first.Modality, first.PatientName,
            first.SeriesDescription, warnings, chosen.Count)
        {
            FloatVolume = values,
            PhotometricInterpretation = first.StoredLayout?.Photometric is { Length: > 0 } p ? p : "MONOCHROME2",
        };
    }

    private static (IReadOnlyList<DicomFileHeader> Images, List<string> Warnings) ReadHeaders(string path, DicomLoadOptions options, CancellationToken ct)
    {
        (IReadOnlyList<string> candidates, IReadOnlyList<string> scanWarnings) = DicomFolderScanner.Scan(path);
        var warnings = new List<string>(scanWarnings);
        var read = new DicomFileHeader?[candidates.Count];
        Exception?[] errors = ReadHeadersManaged(candidates, read, ct);
        // What the managed parser leaves (no meta group, deflate, odd VRs) goes to GDCM in its worker.
        int[] rest = Enumerable.Range(0, candidates.Count).Where(n => read[n] is null && errors[n] is null).ToArray();
        Exception?[] gdcmErrors = new DicomReaderSet(options).Run(rest.Length, ct, stopAtFirstError: false,
            (reader, m) => read[rest[m]] = reader.ReadHeader(candidates[rest[m]]));
        for (int m = 0; m < rest.Length; m++) errors[rest[m]] = gdcmErrors[m];
        var failures = errors.Select((e, n) => e is null ? null : AsImportError(e, candidates[n])).OfType<DicomImportException>().ToList();
        if (failures.Count > 0)
        {
            if (!options.SkipUnreadableFiles)
            {
                if (failures.Count == 1) throw failures[0];
                throw new DicomImportException(
                    $"{failures.Count} of {candidates.Count} file(s) under '{Path.GetFullPath(path)}' could not be read: {string.Join(" | ", failures.Take(3).Select(f => f.Message))}{(failures.Count > 3 ? $" | and {failures.Count - 3} more" : "")}. Remove or replace them, or skip them (--skip-broken) to import the rest", failures[0])
                { FilePath = failures[0].FilePath, Kind = failures[0].Kind };
            }
            warnings.Add($"skipped {failures.Count} file(s) that could not be read: {DicomFolderScanner.Preview(failures.Select(f => Path.GetFileName(f.FilePath ?? "?")).ToList())} (first: {failures[0].Message})");
        }
        DicomFileHeader[] headers = read.OfType<DicomFileHeader>().ToArray();

        var nonImages = headers.Where(h => !h.HasImage).Select(h => h.FileName).ToList();
        if (nonImages.Count > 0)
        {
            warnings.Add($"ignored {nonImages.Count} DICOM file(s) that hold no image (for example structure sets, plans or reports): {DicomFolderScanner.Preview(nonImages)}");
        }
        DicomFileHeader[] images = headers.Where(h => h.HasImage).ToArray();
        if (images.Length == 0)
        {
            throw new DicomImportException(
                $"no DICOM images in '{Path.GetFullPath(path)}': its {headers.Length} DICOM file(s) hold no pixel data; point import at the folder that holds the series' image .dcm files");
        }
        return (images, warnings);
    }

    /// <summary>How each group was split from its SeriesInstanceUID, for warnings; keyed by the group's list.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<List<DicomFileHeader>, string> Splits = [];

    private static List<List<DicomFileHeader>> GroupBySeries(IReadOnlyList<DicomFileHeader> images)
    {
        var groups = new List<List<DicomFileHeader>>();
        foreach ((List<DicomFileHeader> files, string split) in DicomSeriesGrouper.Group(images))
        {
            if (split.Length > 0) Splits.AddOrUpdate(files, split);
            groups.Add(files);
        }
        return groups;
    }

    private static List<DicomFileHeader> Choose(List<List<DicomFileHeader>> series, DicomLoadOptions options, string path)
    {
        string? seriesUid = options.SeriesUid;
        if (seriesUid is null && options.SeriesIndex is int index)
        {
            if (index >= 0 && index < series.Count) return series[index];
            throw new DicomImportException(
                $"series index {index} is out of range: '{Path.GetFullPath(path)}' holds {series.Count} series (0..{series.Count - 1}):{ListSeries(series)}{Environment.NewLine}pass --series-index N or --series UID");
        }
        if (seriesUid is not null)
        {
            var matches = series.Where(s => s[0].SeriesInstanceUid == seriesUid.Trim()).ToList();
            if (matches.Count == 1) return matches[0];
            if (matches.Count > 1)
            {
                throw new DicomImportException(
                    $"series '{seriesUid}' in '{Path.GetFullPath(path)}' splits into {matches.Count} volumes (different sizes, orientations or acquisitions):{ListSeries(series)}{Environment.NewLine}pick one with --series-index N");
            }
            throw new DicomImportException(
                $"series '{seriesUid}' is not in '{Path.GetFullPath(path)}'; it holds:{ListSeries(series)}{Environment.NewLine}pass one of these UIDs with --series");
        }
        if (series.Count == 1) return series[0];
        throw new DicomImportException(
            $"'{Path.GetFullPath(path)}' holds {series.Count} series:{ListSeries(series)}{Environment.NewLine}choose one by passing --series UID or --series-index N");
    }

    private static string ListSeries(List<List<DicomFileHeader>> series) =>
        string.Concat(series.Select((s, n) => Environment.NewLine + "  " + Summarize(s, n, withPlan: false)));

    private static DicomSeriesSummary Summarize(List<DicomFileHeader> files, int index, bool withPlan)
    {
        DicomFileHeader first = files[0];
        int depth = files.Count == 1 ? first.NumberOfFrames : files.Count;
        var warnings = new List<string>();
        if (Splits.TryGetValue(files, out string? split)) warnings.Add(split);
        Vec3? spacing = null;
        if (withPlan && files.Count > 1 && files.All(f => f.NumberOfFrames == 1))
        {
            try
            {
                DicomSlicePlan plan = DicomSliceSorter.Plan(files, SeriesLabel(first));
                spacing = plan.Geometry.SpacingMm;
                depth = plan.Geometry.Dimensions.Z;
                warnings.AddRange(plan.Warnings);
            }
            catch (DicomImportException ex)
            {
                warnings.Add("cannot be loaded: " + ex.Message);
            }
        }
        else if (first.PixelSpacingMm is { } ps)
        {
            spacing = new Vec3(ps.Column, ps.Row, first.SliceThicknessMm ?? 0);
        }
        return new DicomSeriesSummary(first.SeriesInstanceUid, first.SeriesDescription, first.Modality, files.Count, new Int3(first.Columns, first.Rows, depth))
        {
            Index = index,
            PatientName = first.PatientName,
            PatientId = first.PatientId,
            StudyInstanceUid = first.StudyInstanceUid,
            StudyDescription = first.StudyDescription,
            StudyDate = first.StudyDate,
            SpacingMm = spacing,
            TransferSyntax = string.Join(", ", files.Select(f => DicomTransferSyntax.NameOf(f.TransferSyntaxUid)).Distinct().Order(StringComparer.Ordinal)),
            Warnings = warnings,
        };
    }

    private static string SeriesLabel(DicomFileHeader first) =>
        first.SeriesDescription.Length > 0 ? $"'{first.SeriesInstanceUid}' (\"{first.SeriesDescription}\")" : $"'{first.SeriesInstanceUid}'";

    private static DicomImportException AsImportError(Exception failure, string file) =>
        failure as DicomImportException
        ?? new DicomImportException(
            $"reading '{file}' failed ({failure.GetType().Name}: {failure.Message}); remove the file from the folder or replace it, then import again", failure)
        { FilePath = file };
}
