using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Reads raw (uncompressed) pixels straight from a file at the offset the managed parser found, without a
/// codec or a worker round trip: managed code with bounds checks, so a hostile file gives an error, not a crash.
/// </summary>
internal static class DicomNativePixels
{
    /// <summary>Reads <paramref name="destination"/>.Length bytes from byte <paramref name="start"/> of the file's PixelData value.</summary>
    public static void Read(DicomFileHeader file, long start, Span<byte> destination)
    {
        DicomPixelLayout layout = file.StoredLayout!;
        if (file.NativePixelOffset < 0) throw new InvalidOperationException($"'{file.Path}' has no raw pixel data to read directly");
        if (start + destination.Length > file.NativePixelLength)
        {
            throw new DicomImportException(
                $"'{file.Path}' holds {file.NativePixelLength} bytes of PixelData (7FE0,0010) but its {layout.Columns}x{layout.Rows}x{layout.Frames} image of {layout.BitsAllocated}-bit samples needs {layout.ByteCount}; the file is damaged or its header is wrong, replace it with an intact copy")
            { FilePath = file.Path };
        }
        try
        {
            using var handle = File.OpenHandle(file.Path);
            long offset = file.NativePixelOffset + start;
            int done = 0;
            while (done < destination.Length)
            {
                int got = RandomAccess.Read(handle, destination[done..], offset + done);
                if (got <= 0)
                {
                    throw new DicomImportException(
                        $"'{file.Path}' ended while reading its pixels (byte {offset + done}); the file was truncated or changed during the import, replace it and import again")
                    { FilePath = file.Path };
                }
                done += got;
            }
            if (file.NativeBigEndian) SwapToHost(destination, layout.BitsAllocated);
        }
        catch (IOException ex)
        {
            throw new DicomImportException($"reading the pixels of '{file.Path}' failed ({ex.Message}); check the file and import again", ex) { FilePath = file.Path };
        }
    }

    /// <summary>
    /// Big endian samples to host order. GDCM 3.0 swaps 32-bit big endian samples as 16-bit words (pydicom's
    /// rtdose_expb.dcm decodes to garbage there), so raw big endian never goes to GDCM.
    /// </summary>
    private static void SwapToHost(Span<byte> bytes, int bitsAllocated)
    {
        if (bitsAllocated == 16) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes));
        else if (bitsAllocated == 32) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes));
    }
}
