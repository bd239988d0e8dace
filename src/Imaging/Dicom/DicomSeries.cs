using SurgicalNav.Imaging.Dicom.Isolation;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// The front door for reading DICOM: load one series from a folder or file into a <see cref="Volume{T}"/> of
/// short (CT in HU) on a patient LPS mm geometry, or list the series a folder holds.
/// </summary>
public static class DicomSeries
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
        if (chosen.Count == 1 && first.NumberOfFrames > 1)
        {
            volume = LoadMultiFrame(first, options, warnings);
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
            first.SeriesDescription, warnings, chosen.Count);
    }

    private static (IReadOnlyList<DicomFileHeader> Images, List<string> Warnings) ReadHeaders(string path, DicomLoadOptions options, CancellationToken ct)
    {
        (IReadOnlyList<string> candidates, IReadOnlyList<string> scanWarnings) = DicomFolderScanner.Scan(path);
        var warnings = new List<string>(scanWarnings);
        var read = new DicomFileHeader?[candidates.Count];
        Exception?[] errors = new DicomReaderSet(options).Run(candidates.Count, ct, stopAtFirstError: false,
            (reader, n) => read[n] = reader.ReadHeader(candidates[n]));
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

    private static Volume<short> DecodeSlices(DicomSlicePlan plan, string label, DicomLoadOptions options, List<string> warnings, CancellationToken ct)
    {
        CheckMemory(plan.Geometry, options, label);
        ImageGeometry decoded = plan.SourceOffsetsMm is null ? plan.Geometry : plan.Geometry with { Dimensions = new Int3(plan.Geometry.Dimensions.X, plan.Geometry.Dimensions.Y, plan.Slices.Count) };
        var volume = new Volume<short>(CheckMemory(decoded, options, label));
        int columns = plan.Geometry.Dimensions.X, rows = plan.Geometry.Dimensions.Y;
        var clamped = new long[plan.Slices.Count];
        var photometric = new string[plan.Slices.Count];
        Exception?[] errors = new DicomReaderSet(options).Run(plan.Slices.Count, ct, stopAtFirstError: true, (reader, k) =>
        {
            DicomFileHeader file = plan.Slices[k];
            DicomPixelLayout layout = reader.Decode(file.Path);
            CheckLayout(layout, file, columns, rows, 1);
            photometric[k] = layout.Photometric;
            clamped[k] = DicomPixelConverter.Convert(reader.Pixels, layout, volume.Slice(k));
        });
        ThrowFirst(errors, k => plan.Slices[k].Path);
        AddPixelWarnings(label, clamped.Sum(), photometric.Contains("MONOCHROME1"), warnings);
        return plan.SourceOffsetsMm is null ? volume : DicomStackResampler.Resample(volume, plan.SourceOffsetsMm, plan.Geometry);
    }

    private static Volume<short> LoadMultiFrame(DicomFileHeader file, DicomLoadOptions options, List<string> warnings)
    {
        CheckMemory(new ImageGeometry(new Int3(file.Columns, file.Rows, file.NumberOfFrames), new Vec3(1, 1, 1), Vec3.Zero, Matrix3.Identity), options, SeriesLabel(file));
        Volume<short>? volume = null;
        DicomPixelLayout? decoded = null;
        long clamped = 0;
        Exception?[] errors = new DicomReaderSet(options).Run(1, CancellationToken.None, stopAtFirstError: true, (reader, _) =>
        {
            DicomPixelLayout layout = reader.Decode(file.Path);
            if (layout.Frames != file.NumberOfFrames)
            {
                throw new DicomImportException(
                    $"'{file.Path}' has {file.NumberOfFrames} frames but GDCM does not give them as one 3D image (it reports {layout.Frames}); multi-frame files of this kind are not supported yet")
                { FilePath = file.Path };
            }
            CheckLayout(layout, file, file.Columns, file.Rows, layout.Frames);
            Vec3 row = layout.RowDirection.Normalized(), column = layout.ColumnDirection.Normalized();
            var geometry = new ImageGeometry(
                new Int3(layout.Columns, layout.Rows, layout.Frames),
                layout.SpacingMm,
                layout.OriginMm,
                Matrix3.FromColumns(row, column, Vec3.Cross(row, column).Normalized()));
            volume = new Volume<short>(geometry);
            clamped = DicomPixelConverter.Convert(reader.Pixels, layout, volume.Voxels);
            decoded = layout;
        });
        ThrowFirst(errors, _ => file.Path);
        if (Math.Abs(decoded!.Slope) < 1e-3)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"'{file.FileName}' scales its values by {decoded.Slope:G4} (for example dose in Gy); rounding to whole numbers loses most of that detail"));
        }
        AddPixelWarnings(SeriesLabel(file), clamped, decoded.IsMonochrome1, warnings);
        return volume!;
    }

    /// <summary>Refuses a volume larger than the import's memory cap before anything is allocated.</summary>
    private static ImageGeometry CheckMemory(ImageGeometry geometry, DicomLoadOptions options, string label)
    {
        long bytes = geometry.VoxelCount * sizeof(short);
        if (bytes > options.MemoryLimitBytes || geometry.VoxelCount > Array.MaxLength)
        {
            throw new DicomImportException(
                $"series {label} would need {bytes >> 20} MiB as a volume ({geometry.Dimensions} voxels), more than this import's memory cap of {options.MemoryLimitBytes >> 20} MiB; check the series (a damaged header can claim huge sizes) or import on a machine with more memory")
            { Kind = DicomFailureKind.MemoryCap };
        }
        return geometry;
    }

    private static void CheckLayout(DicomPixelLayout layout, DicomFileHeader file, int columns, int rows, int frames)
    {
        if (layout.Columns != columns || layout.Rows != rows || layout.Frames != frames)
        {
            throw new DicomImportException(
                $"'{file.Path}' decodes to {layout.Columns}x{layout.Rows}x{layout.Frames} pixels but the series needs {columns}x{rows}x{frames}; remove the odd file and import again")
            { FilePath = file.Path };
        }
        if (layout.SamplesPerPixel != 1 || !layout.Photometric.StartsWith("MONOCHROME", StringComparison.Ordinal))
        {
            throw new DicomImportException(
                $"'{file.Path}' is a {layout.Photometric} image with {layout.SamplesPerPixel} samples per pixel; only greyscale (MONOCHROME1/2) images can become a volume. Remove it (often a screenshot or secondary capture) and import again")
            { FilePath = file.Path };
        }
        if (layout.BitsAllocated is not (8 or 16 or 32))
        {
            throw new DicomImportException(
                $"'{file.Path}' stores {layout.BitsAllocated} bits per pixel; only 8, 16 and 32 are supported. Convert it with 'gdcmconv --raw' and import again")
            { FilePath = file.Path };
        }
    }

    private static void AddPixelWarnings(string label, long clamped, bool monochrome1, List<string> warnings)
    {
        if (clamped > 0)
        {
            warnings.Add($"series {label}: {clamped} voxel value(s) fell outside -32768..32767 after rescaling and were clamped");
        }
        if (monochrome1)
        {
            warnings.Add($"series {label} is MONOCHROME1 (white is low); its values were inverted so that larger means brighter");
        }
    }

    private static void ThrowFirst(Exception?[] errors, Func<int, string> pathOf)
    {
        int n = Array.FindIndex(errors, e => e is not null);
        if (n >= 0) throw AsImportError(errors[n]!, pathOf(n));
    }

    private static DicomImportException AsImportError(Exception failure, string file) =>
        failure as DicomImportException
        ?? new DicomImportException(
            $"reading '{file}' failed ({failure.GetType().Name}: {failure.Message}); remove the file from the folder or replace it, then import again", failure)
        { FilePath = file };
}
