namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// How one decoded DICOM image lays out its pixel values, as GDCM reports it after decoding: sizes in
/// pixels, the bit layout of each stored value and the modality rescale (value = stored * slope + intercept).
/// OriginMm, RowDirection, ColumnDirection and SpacingMm are in patient LPS mm, for multi-frame files.
/// </summary>
internal sealed record DicomPixelLayout(
    int Columns, int Rows, int Frames,
    int BitsAllocated, int BitsStored, int HighBit, bool IsSigned, int SamplesPerPixel,
    string Photometric, double Slope, double Intercept)
{
    public Vec3 OriginMm { get; init; }
    public Vec3 RowDirection { get; init; } = new(1, 0, 0);
    public Vec3 ColumnDirection { get; init; } = new(0, 1, 0);
    public Vec3 SpacingMm { get; init; } = new(1, 1, 1);
    public string TransferSyntaxUid { get; init; } = "";

    /// <summary>Bytes of decoded pixel data this layout needs.</summary>
    public long ByteCount => (long)Columns * Rows * Frames * SamplesPerPixel * (BitsAllocated / 8);

    /// <summary>True for MONOCHROME1, where larger stored values are darker.</summary>
    public bool IsMonochrome1 => Photometric == "MONOCHROME1";
}
