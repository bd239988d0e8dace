namespace SurgicalNav.Imaging.Dicom;

/// <summary>Choices for <see cref="DicomSeries.LoadAsync(string, DicomLoadOptions, CancellationToken)"/>.</summary>
public sealed record DicomLoadOptions
{
    /// <summary>The SeriesInstanceUID to load when the folder holds more than one series; null to require exactly one.</summary>
    public string? SeriesUid { get; init; }

    /// <summary>The 0-based index of the series to load in <see cref="DicomSeries.Probe(string)"/>'s order; used when <see cref="SeriesUid"/> is null.</summary>
    public int? SeriesIndex { get; init; }

    /// <summary>Decode GDCM in this process instead of an isolated worker process: faster to start, but a file that crashes GDCM takes the caller down. For tests and benchmarks.</summary>
    public bool InProcess { get; init; }

    /// <summary>Longest time one file may take in the decoder worker before it is stopped and the file is reported.</summary>
    public TimeSpan FileTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most bytes the import may use: the decoded volume in the caller, and each decoder worker's resident memory.</summary>
    public long MemoryLimitBytes { get; init; } = DefaultMemoryLimitBytes();

    /// <summary>Skip files whose header cannot be read (warning that names them) instead of failing the import.</summary>
    public bool SkipUnreadableFiles { get; init; }

    /// <summary>Largest gap between neighbouring slices, in multiples of the usual gap, that is filled by resampling; larger gaps fail the import.</summary>
    public double MaxGapFactor { get; init; } = 2.0;

    private static long DefaultMemoryLimitBytes() =>
        Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2, 1L << 30, 16L << 30);
}
