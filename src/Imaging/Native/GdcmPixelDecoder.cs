using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Native;

/// <summary>
/// Decodes a DICOM file's pixels with gdcm.ImageReader, which handles every transfer syntax GDCM supports
/// (JPEG, JPEG-LS, JPEG 2000, RLE, deflate, big endian), into a caller-owned byte buffer in host byte order.
/// One decoder per thread; it keeps its buffer between files.
/// </summary>
internal sealed class GdcmPixelDecoder
{
    private byte[] _buffer = [];

    /// <summary>The bytes of the last decoded image; valid until the next call.</summary>
    public ReadOnlySpan<byte> Pixels => _buffer.AsSpan(0, _length);

    private int _length;

    /// <summary>Decodes one file; throws <see cref="DicomImportException"/> naming the file when GDCM cannot.</summary>
    public DicomPixelLayout Decode(string path)
    {
        GdcmLibrary.EnsureLoaded();
        using var reader = new gdcm.ImageReader();
        reader.SetFileName(path);
        if (!reader.Read())
        {
            string syntax = GdcmHeaderReader.TransferSyntaxOf(reader.GetFile());
            throw new DicomImportException(
                $"GDCM could not decode the image in '{path}' (transfer syntax {DicomTransferSyntax.Describe(syntax)}; the file may be truncated, not an image, or use a compression GDCM cannot decode); remove it from the folder or replace it with an intact copy, then import again")
            { FilePath = path };
        }

        using var image = reader.GetImage();
        using var format = image.GetPixelFormat();
        using var photometric = image.GetPhotometricInterpretation();
        uint dimensions = image.GetNumberOfDimensions();
        var layout = new DicomPixelLayout(
            Columns: (int)image.GetDimension(0),
            Rows: (int)image.GetDimension(1),
            Frames: dimensions >= 3 ? (int)image.GetDimension(2) : 1,
            BitsAllocated: format.GetBitsAllocated(),
            BitsStored: format.GetBitsStored(),
            HighBit: format.GetHighBit(),
            IsSigned: format.GetPixelRepresentation() == 1,
            SamplesPerPixel: format.GetSamplesPerPixel(),
            Photometric: DicomText.Clean(photometric.GetString()),
            Slope: image.GetSlope(),
            Intercept: image.GetIntercept())
        {
            TransferSyntaxUid = GdcmHeaderReader.TransferSyntaxOf(reader.GetFile()),
            OriginMm = new Vec3(image.GetOrigin(0), image.GetOrigin(1), image.GetOrigin(2)),
            RowDirection = new Vec3(image.GetDirectionCosines(0), image.GetDirectionCosines(1), image.GetDirectionCosines(2)),
            ColumnDirection = new Vec3(image.GetDirectionCosines(3), image.GetDirectionCosines(4), image.GetDirectionCosines(5)),
            SpacingMm = new Vec3(image.GetSpacing(0), image.GetSpacing(1), dimensions >= 3 ? image.GetSpacing(2) : 1),
        };

        uint length = image.GetBufferLength();
        if (length < layout.ByteCount || length > int.MaxValue)
        {
            throw new DicomImportException(
                $"'{path}' decodes to {length} bytes but its {layout.Columns}x{layout.Rows}x{layout.Frames} image of {layout.BitsAllocated}-bit samples needs {layout.ByteCount}; the file is damaged, replace it with an intact copy")
            { FilePath = path };
        }
        if (_buffer.Length < length) _buffer = GC.AllocateUninitializedArray<byte>((int)length);
        if (!image.GetBuffer(_buffer))
        {
            throw new DicomImportException(
                $"GDCM read the header of '{path}' but could not decompress its pixels (transfer syntax {DicomTransferSyntax.Describe(layout.TransferSyntaxUid)}); convert it with 'gdcmconv --raw' or replace the file, then import again")
            { FilePath = path };
        }
        _length = (int)length;
        return layout;
    }
}
