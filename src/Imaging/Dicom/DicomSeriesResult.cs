namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// A loaded DICOM series: the volume (CT in HU, other modalities in their rescaled modality values, on a
/// patient LPS mm geometry), identifying attributes, and warnings the user should see.
/// </summary>
public sealed record DicomSeriesResult(
    Volume<short> Volume,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string Modality,
    string PatientName,
    string SeriesDescription,
    IReadOnlyList<string> Warnings,
    int FileCount)
{
    /// <summary>
    /// The exact modality values as 32-bit floats when they are not whole numbers (RT Dose after DoseGridScaling,
    /// in the file's DoseUnits, usually Gy; frames with fractional rescale), on the same geometry as <see cref="Volume"/>,
    /// which then holds them rounded; null otherwise.
    /// </summary>
    public Volume<float>? FloatVolume { get; init; }

    /// <summary>MONOCHROME2 (white is high) or MONOCHROME1 (white is low: show with an inverted grey scale); values are never inverted.</summary>
    public string PhotometricInterpretation { get; init; } = "MONOCHROME2";
}
