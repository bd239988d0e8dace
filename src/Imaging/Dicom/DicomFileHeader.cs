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

    /// <summary>The pixel layout read from the header by the managed parser (null when GDCM read the header).</summary>
    public DicomPixelLayout? StoredLayout { get; init; }

    /// <summary>Byte offset of raw (uncompressed) PixelData in the file, or -1 when the pixels need a codec (compressed, deflate) or GDCM read the header.</summary>
    public long NativePixelOffset { get; init; } = -1;

    /// <summary>True when the raw PixelData is big endian (each sample is byte-swapped after reading).</summary>
    public bool NativeBigEndian { get; init; }

    /// <summary>Declared byte length of raw PixelData (meaningful when <see cref="NativePixelOffset"/> is set).</summary>
    public long NativePixelLength { get; init; }

    /// <summary>Per-frame geometry and rescale of a multi-frame file (Enhanced CT/MR functional groups, RT Dose offsets); null when unknown.</summary>
    public IReadOnlyList<DicomFrame>? Frames { get; init; }

    /// <summary>For a header standing for one frame of a multi-frame file: that frame's 0-based index; null for a whole file.</summary>
    public int? FrameIndex { get; init; }

    /// <summary>True for RT Dose objects, whose values are doses in Gy (or relative) after DoseGridScaling.</summary>
    public bool IsRtDose => Modality == "RTDOSE" || SopClassUid == "1.2.840.10008.5.1.4.1.1.481.2";

    /// <summary>True when the file carries an image (Rows, Columns and PixelData present).</summary>
    public bool HasImage => Rows > 0 && Columns > 0 && HasPixelData;

    /// <summary>The file name without its folder (and the 1-based frame for a frame header), for messages.</summary>
    public string FileName => FrameIndex is int f ? $"{System.IO.Path.GetFileName(Path)} frame {f + 1}" : System.IO.Path.GetFileName(Path);
}
