namespace SurgicalNav.Imaging.Dicom;

/// <summary>Choices for <see cref="DicomSeries.LoadAsync(string, DicomLoadOptions, CancellationToken)"/>.</summary>
public sealed record DicomLoadOptions
{
    /// <summary>The SeriesInstanceUID to load when the folder holds more than one series; null to require exactly one.</summary>
    public string? SeriesUid { get; init; }
}
