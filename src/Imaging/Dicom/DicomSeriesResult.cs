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
    int FileCount);
