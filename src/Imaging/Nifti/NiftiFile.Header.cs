using System.Buffers.Binary;

namespace SurgicalNav.Imaging.Nifti;

public static partial class NiftiFile
{
    /// <summary>sizeof_hdr of NIfTI-1, plus the 4-byte extension flag that a single .nii file carries.</summary>
    private const int HeaderBytes = 352;
    private const int SizeofHdr = 348;

    private static NiftiHeader ParseHeader(Stream data, string path, long fileLength, bool compressed)
    {
        var h = new byte[HeaderBytes];
        int got = 0;
        try
        {
            while (got < h.Length)
            {
                int n = data.Read(h, got, h.Length - got);
                if (n == 0) break;
                got += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException($"'{path}' looks gzip-compressed but is not valid gzip ({e.Message}); re-export the file", e);
        }
        if (got < SizeofHdr)
        {
            throw new NiftiFormatException(
                $"'{path}' is too short for a NIfTI-1 header: {got} bytes, a header needs {SizeofHdr}; the file is truncated or not NIfTI");
        }
        bool big;
        int sizeofHdr = BinaryPrimitives.ReadInt32LittleEndian(h);
        if (sizeofHdr == SizeofHdr) big = false;
        else if (BinaryPrimitives.ReverseEndianness(sizeofHdr) == SizeofHdr) big = true;
        else if (sizeofHdr == 540 || BinaryPrimitives.ReverseEndianness(sizeofHdr) == 540)
        {
            throw new NiftiFormatException($"'{path}' is NIfTI-2 (sizeof_hdr 540); only NIfTI-1 is supported. Convert it, for example with nibabel: nib.save(nib.Nifti1Image.from_image(img), 'out.nii.gz')");
        }
        else
        {
            throw new NiftiFormatException($"'{path}' is not a NIfTI-1 file: sizeof_hdr is {sizeofHdr}, expected 348; check that it is a .nii file and not damaged");
        }
        var r = new HeaderReader(h, big);
        string magic = System.Text.Encoding.ASCII.GetString(h, 344, 3);
        if (magic == "ni1")
        {
            throw new NiftiFormatException($"'{path}' is the header of a two-file NIfTI (.hdr/.img pair); only single .nii/.nii.gz files are supported. Convert the pair to one .nii");
        }
        if (magic != "n+1")
        {
            throw new NiftiFormatException($"'{path}' has NIfTI magic '{Printable(magic)}', expected 'n+1'; it is an ANALYZE 7.5 file or damaged. Convert it to NIfTI-1 first");
        }

        Int3 dims = ParseDimensions(r, path);
        short code = r.Int16(70);
        if (!Enum.IsDefined((NiftiDataType)code))
        {
            throw new NiftiFormatException(
                $"'{path}' stores voxels as NIfTI datatype {code} ({DataTypeName(code)}); supported are uint8, int8, int16, uint16, int32, uint32, float32 and float64. Convert it to one of these");
        }
        var type = (NiftiDataType)code;
        int bitpix = r.Int16(72);
        if (bitpix != 8 * SizeOf(type))
        {
            throw new NiftiFormatException($"'{path}': bitpix is {bitpix} but datatype {type} has {8 * SizeOf(type)} bits; the header is inconsistent, re-export the file");
        }
        float voxOffset = r.Float(108);
        if (!float.IsFinite(voxOffset) || voxOffset < HeaderBytes || voxOffset > int.MaxValue)
        {
            throw new NiftiFormatException($"'{path}': vox_offset is {voxOffset}, but in a single .nii file the voxels start at byte 352 or later; the header is damaged");
        }
        long offset = (long)voxOffset;
        long dataBytes = dims.Count * SizeOf(type);
        if (!compressed && fileLength < offset + dataBytes)
        {
            throw new NiftiFormatException(
                $"'{path}' is too short: its header says {dims.X}x{dims.Y}x{dims.Z} {type} voxels from byte {offset} ({offset + dataBytes} bytes in all) but the file holds {fileLength} bytes; it was cut short or its dimensions are wrong. Re-export it");
        }

        (ImageGeometry geometry, string source) = ParseGeometry(r, dims, path);
        double slope = r.Float(112), intercept = r.Float(116);
        if (!double.IsFinite(slope)) slope = 0; // nibabel writes NaN for "no scaling"
        if (!double.IsFinite(intercept)) intercept = 0;
        return new NiftiHeader(type, geometry, slope, intercept, source, big, offset, compressed);
    }

    private static Int3 ParseDimensions(HeaderReader r, string path)
    {
        int rank = r.Int16(40);
        if (rank is < 1 or > 7)
        {
            throw new NiftiFormatException($"'{path}': dim[0] is {rank}, expected 1..7 dimensions; the header is damaged or byte-swapped");
        }
        var dim = new int[8];
        for (int n = 1; n <= 7; n++) dim[n] = n <= rank ? r.Int16(40 + 2 * n) : 1;
        for (int n = 1; n <= rank; n++)
        {
            if (dim[n] < 1) throw new NiftiFormatException($"'{path}': dim[{n}] is {dim[n]}; every dimension must be at least 1. The header is damaged");
        }
        if (rank > 3 && dim[4] * (long)dim[5] * dim[6] * dim[7] > 1)
        {
            throw new NiftiFormatException(
                $"'{path}' is a {rank}D image ({string.Join("x", dim[1..(rank + 1)])}); SurgicalNav reads 3D volumes only. Extract one volume first (for example fslroi or nibabel's slicer)");
        }
        var dims = new Int3(dim[1], dim[2], dim[3]);
        if (dims.Count > Array.MaxLength)
        {
            throw new NiftiFormatException($"'{path}': {dims.X}x{dims.Y}x{dims.Z} voxels is more than one volume can hold ({Array.MaxLength}); the header is damaged or the image is too large");
        }
        return dims;
    }

    private static byte[] BuildHeader(NiftiDataType type, ImageGeometry geometry)
    {
        var h = new byte[HeaderBytes];
        Span<byte> s = h;
        BinaryPrimitives.WriteInt32LittleEndian(s, SizeofHdr);
        s[38] = (byte)'r'; // "regular", as ANALYZE readers expect
        Int3 d = geometry.Dimensions;
        short[] dim = [3, Checked(d.X), Checked(d.Y), Checked(d.Z), 1, 1, 1, 1];
        for (int n = 0; n < 8; n++) BinaryPrimitives.WriteInt16LittleEndian(s[(40 + 2 * n)..], dim[n]);
        BinaryPrimitives.WriteInt16LittleEndian(s[70..], (short)type);
        BinaryPrimitives.WriteInt16LittleEndian(s[72..], (short)(8 * SizeOf(type)));
        QForm q = ToQForm(geometry);
        float[] pixdim = [(float)q.Qfac, (float)geometry.SpacingMm.X, (float)geometry.SpacingMm.Y, (float)geometry.SpacingMm.Z, 1, 1, 1, 1];
        for (int n = 0; n < 8; n++) BinaryPrimitives.WriteSingleLittleEndian(s[(76 + 4 * n)..], pixdim[n]);
        BinaryPrimitives.WriteSingleLittleEndian(s[108..], HeaderBytes);
        BinaryPrimitives.WriteSingleLittleEndian(s[112..], 1f);
        BinaryPrimitives.WriteSingleLittleEndian(s[116..], 0f);
        s[123] = 2 | 8; // spatial units mm, time units s
        System.Text.Encoding.ASCII.GetBytes("SurgicalNav (LPS volume written as RAS)").CopyTo(s[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(s[252..], 1); // qform_code: scanner anatomical
        BinaryPrimitives.WriteInt16LittleEndian(s[254..], 1); // sform_code: scanner anatomical
        float[] quatern = [(float)q.B, (float)q.C, (float)q.D, (float)q.OffsetRas.X, (float)q.OffsetRas.Y, (float)q.OffsetRas.Z];
        for (int n = 0; n < 6; n++) BinaryPrimitives.WriteSingleLittleEndian(s[(256 + 4 * n)..], quatern[n]);
        double[,] srow = SformRas(geometry);
        for (int row = 0; row < 3; row++)
        {
            for (int c = 0; c < 4; c++) BinaryPrimitives.WriteSingleLittleEndian(s[(280 + 16 * row + 4 * c)..], (float)srow[row, c]);
        }
        System.Text.Encoding.ASCII.GetBytes("n+1\0").CopyTo(s[344..]);
        return h; // bytes 348..351: extension flag 0, no extensions
    }

    private static short Checked(int n) =>
        n <= short.MaxValue ? (short)n : throw new NiftiFormatException($"a NIfTI-1 dimension holds at most {short.MaxValue} voxels, this volume has {n}; save it as .nrrd instead");

    private static NiftiDataType DataTypeOf<T>(string path) where T : unmanaged =>
        typeof(T) == typeof(byte) ? NiftiDataType.UInt8
        : typeof(T) == typeof(short) ? NiftiDataType.Int16
        : typeof(T) == typeof(int) ? NiftiDataType.Int32
        : typeof(T) == typeof(float) ? NiftiDataType.Float32
        : typeof(T) == typeof(double) ? NiftiDataType.Float64
        : typeof(T) == typeof(sbyte) ? NiftiDataType.Int8
        : typeof(T) == typeof(ushort) ? NiftiDataType.UInt16
        : typeof(T) == typeof(uint) ? NiftiDataType.UInt32
        : throw new NiftiFormatException($"'{path}': voxels of type {typeof(T).Name} cannot be written as NIfTI-1");

    private static int SizeOf(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a supported NIfTI datatype"),
    };

    private static string DataTypeName(short code) => code switch
    {
        0 => "unknown",
        1 => "binary",
        32 => "complex64",
        128 => "RGB24",
        1024 => "int64",
        1280 => "uint64",
        1536 => "float128",
        1792 => "complex128",
        2048 => "complex256",
        2304 => "RGBA32",
        _ => "not a NIfTI-1 code",
    };

    private static string Printable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    /// <summary>Reads header fields in the file's byte order.</summary>
    private readonly struct HeaderReader(byte[] bytes, bool big)
    {
        public short Int16(int at) => big ? BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(at));

        public byte Byte(int at) => bytes[at];

        public float Float(int at) => big ? BinaryPrimitives.ReadSingleBigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at));
    }
}
