namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// One series found under an import path, without its pixels: where it comes from (patient, study), what it
/// is (modality, description, transfer syntax), its grid (Columns x Rows x slices or frames, spacing in mm,
/// from the slice positions), and warnings an import of it would give.
/// </summary>
public sealed record DicomSeriesSummary(
    string SeriesInstanceUid,
    string SeriesDescription,
    string Modality,
    int SliceCount,
    Int3 Dimensions)
{
    /// <summary>0-based position in the listing; what --series-index takes.</summary>
    public int Index { get; init; }

    /// <summary>PatientName (0010,0010), DICOM PN form (Family^Given).</summary>
    public string PatientName { get; init; } = "";

    /// <summary>PatientID (0010,0020).</summary>
    public string PatientId { get; init; } = "";

    /// <summary>StudyInstanceUID (0020,000D).</summary>
    public string StudyInstanceUid { get; init; } = "";

    /// <summary>StudyDescription (0008,1030).</summary>
    public string StudyDescription { get; init; } = "";

    /// <summary>StudyDate (0008,0020), YYYYMMDD.</summary>
    public string StudyDate { get; init; } = "";

    /// <summary>Voxel spacing in mm (column, row, slice); null when the slices could not be arranged into a volume.</summary>
    public Vec3? SpacingMm { get; init; }

    /// <summary>Transfer syntax name(s) of the files, e.g. "JPEG-LS Lossless".</summary>
    public string TransferSyntax { get; init; } = "";

    /// <summary>Warnings (gaps, tilt, missing positions) or the reason the series cannot be loaded.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>One line for messages and listings: index, UID, description, modality, slice count and size.</summary>
    public override string ToString() =>
        $"[{Index}] {SeriesInstanceUid}  \"{SeriesDescription}\"  {(Modality.Length > 0 ? Modality : "?")}  {SliceCount} slice(s)  {Dimensions}";
}
