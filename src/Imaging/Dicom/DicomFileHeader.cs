namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// The attributes of one DICOM file that grouping, sorting and geometry need, read without its pixels.
/// Positions are patient LPS in mm; PixelSpacingMm is DICOM's (row spacing, column spacing).
/// </summary>
internal sealed record DicomFileHeader(string Path)
{
    public string SopClassUid { get; init; } = "";
    public string SopInstanceUid { get; init; } = "";
    public string SeriesInstanceUid { get; init; } = "";
    public string StudyInstanceUid { get; init; } = "";
    public string Modality { get; init; } = "";
    public string PatientName { get; init; } = "";
    public string SeriesDescription { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string StudyDescription { get; init; } = "";
    public string StudyDate { get; init; } = "";
    public string TransferSyntaxUid { get; init; } = "";
    public string FrameOfReferenceUid { get; init; } = "";
    public int? AcquisitionNumber { get; init; }
    public bool HasPixelData { get; init; } = true;
    public int Rows { get; init; }
    public int Columns { get; init; }
    public int NumberOfFrames { get; init; } = 1;
    public int? InstanceNumber { get; init; }
    public Vec3? ImagePositionMm { get; init; }
    public Vec3? OrientationRow { get; init; }
    public Vec3? OrientationColumn { get; init; }
    public (double Row, double Column)? PixelSpacingMm { get; init; }
    public double? SliceThicknessMm { get; init; }

    /// <summary>True when the file carries an image (Rows, Columns and PixelData present).</summary>
    public bool HasImage => Rows > 0 && Columns > 0 && HasPixelData;

    /// <summary>The file name without its folder, for messages.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
