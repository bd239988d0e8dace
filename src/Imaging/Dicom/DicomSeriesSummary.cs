namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// One series found in a folder: its UID, description and modality, how many files (slices) it has and
/// the size of its images in pixels (Columns x Rows x slices or frames).
/// </summary>
public sealed record DicomSeriesSummary(
    string SeriesInstanceUid,
    string SeriesDescription,
    string Modality,
    int SliceCount,
    Int3 Dimensions)
{
    /// <summary>One line for messages and listings: UID, description, modality, slice count and size.</summary>
    public override string ToString() =>
        $"{SeriesInstanceUid}  \"{SeriesDescription}\"  {(Modality.Length > 0 ? Modality : "?")}  {SliceCount} slice(s)  {Dimensions}";
}
