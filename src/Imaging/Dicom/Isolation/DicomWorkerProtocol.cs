namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>
/// The length-prefixed messages between an import and its decoder worker process, over the worker's
/// stdin (requests) and stdout (replies). A frame is a little-endian int32 body length, then the body,
/// whose first byte is the operation. Pixel data does not travel in frames: the worker writes it into a
/// memory-mapped file the parent names in the request.
/// </summary>
internal static class DicomWorkerProtocol
{
    /// <summary>Request: read one file's header. Body: path.</summary>
    public const byte ReadHeader = (byte)'H';

    /// <summary>Request: decode one file's pixels. Body: path, shared map path, map capacity in bytes.</summary>
    public const byte Decode = (byte)'D';

    /// <summary>Reply: a header follows.</summary>
    public const byte HeaderReply = (byte)'h';

    /// <summary>Reply: a pixel layout follows; the pixels are in the shared map.</summary>
    public const byte DecodeReply = (byte)'d';

    /// <summary>Reply: the shared map is too small; the byte count needed follows.</summary>
    public const byte NeedCapacity = (byte)'n';

    /// <summary>Reply: the file could not be read; the user-facing message and the file follow.</summary>
    public const byte Error = (byte)'e';

    /// <summary>Largest frame either side accepts (64 MiB), so a garbled length cannot make a side allocate wildly.</summary>
    public const int MaxFrameBytes = 64 << 20;

    /// <summary>Writes one frame (length, then body) and flushes.</summary>
    public static void WriteFrame(Stream stream, ReadOnlySpan<byte> body)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, body.Length);
        stream.Write(length);
        stream.Write(body);
        stream.Flush();
    }

    /// <summary>Reads one frame's body; null at a clean end of stream before a frame starts.</summary>
    public static byte[]? ReadFrame(Stream stream)
    {
        Span<byte> length = stackalloc byte[4];
        int got = stream.ReadAtLeast(length, 4, throwOnEndOfStream: false);
        if (got == 0) return null;
        if (got < 4) throw new EndOfStreamException("the stream ended inside a frame length");
        int size = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(length);
        if (size <= 0 || size > MaxFrameBytes) throw new InvalidDataException($"frame length {size} is outside 1..{MaxFrameBytes}");
        byte[] body = new byte[size];
        stream.ReadExactly(body);
        return body;
    }

    /// <summary>Serialises a header's fields in a fixed order.</summary>
    public static void Write(BinaryWriter w, DicomFileHeader h)
    {
        w.Write(h.Path);
        foreach (string s in (string[])[h.SopClassUid, h.SopInstanceUid, h.SeriesInstanceUid, h.StudyInstanceUid, h.Modality, h.PatientName,
                     h.PatientId, h.StudyDescription, h.StudyDate, h.SeriesDescription, h.TransferSyntaxUid, h.FrameOfReferenceUid])
        {
            w.Write(s);
        }
        w.Write(h.Rows);
        w.Write(h.Columns);
        w.Write(h.NumberOfFrames);
        WriteNullable(w, h.InstanceNumber);
        WriteNullable(w, h.AcquisitionNumber);
        WriteVec(w, h.ImagePositionMm);
        WriteVec(w, h.OrientationRow);
        WriteVec(w, h.OrientationColumn);
        w.Write(h.PixelSpacingMm is not null);
        if (h.PixelSpacingMm is { } ps) { w.Write(ps.Row); w.Write(ps.Column); }
        w.Write(h.SliceThicknessMm is not null);
        if (h.SliceThicknessMm is { } t) w.Write(t);
        w.Write(h.HasPixelData);
    }

    /// <summary>Reads a header written by <see cref="Write(BinaryWriter, DicomFileHeader)"/>.</summary>
    public static DicomFileHeader ReadHeaderBody(BinaryReader r)
    {
        string path = r.ReadString();
        var s = new string[12];
        for (int n = 0; n < s.Length; n++) s[n] = r.ReadString();
        var h = new DicomFileHeader(path)
        {
            SopClassUid = s[0], SopInstanceUid = s[1], SeriesInstanceUid = s[2], StudyInstanceUid = s[3], Modality = s[4], PatientName = s[5],
            PatientId = s[6], StudyDescription = s[7], StudyDate = s[8], SeriesDescription = s[9], TransferSyntaxUid = s[10], FrameOfReferenceUid = s[11],
            Rows = r.ReadInt32(),
            Columns = r.ReadInt32(),
            NumberOfFrames = r.ReadInt32(),
            InstanceNumber = ReadNullableInt(r),
            AcquisitionNumber = ReadNullableInt(r),
            ImagePositionMm = ReadVec(r),
            OrientationRow = ReadVec(r),
            OrientationColumn = ReadVec(r),
        };
        (double, double)? spacing = r.ReadBoolean() ? (r.ReadDouble(), r.ReadDouble()) : null;
        double? thickness = r.ReadBoolean() ? r.ReadDouble() : null;
        return h with { PixelSpacingMm = spacing, SliceThicknessMm = thickness, HasPixelData = r.ReadBoolean() };
    }

    /// <summary>Serialises a pixel layout.</summary>
    public static void Write(BinaryWriter w, DicomPixelLayout l)
    {
        w.Write(l.Columns); w.Write(l.Rows); w.Write(l.Frames);
        w.Write(l.BitsAllocated); w.Write(l.BitsStored); w.Write(l.HighBit); w.Write(l.IsSigned); w.Write(l.SamplesPerPixel);
        w.Write(l.Photometric); w.Write(l.Slope); w.Write(l.Intercept); w.Write(l.TransferSyntaxUid);
        WriteVec(w, l.OriginMm); WriteVec(w, l.RowDirection); WriteVec(w, l.ColumnDirection); WriteVec(w, l.SpacingMm);
    }

    /// <summary>Reads a layout written by <see cref="Write(BinaryWriter, DicomPixelLayout)"/>.</summary>
    public static DicomPixelLayout ReadLayout(BinaryReader r)
    {
        var l = new DicomPixelLayout(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
            r.ReadBoolean(), r.ReadInt32(), r.ReadString(), r.ReadDouble(), r.ReadDouble()) { TransferSyntaxUid = r.ReadString() };
        return l with { OriginMm = ReadVec(r)!.Value, RowDirection = ReadVec(r)!.Value, ColumnDirection = ReadVec(r)!.Value, SpacingMm = ReadVec(r)!.Value };
    }

    private static void WriteNullable(BinaryWriter w, int? value)
    {
        w.Write(value.HasValue);
        if (value is int v) w.Write(v);
    }

    private static int? ReadNullableInt(BinaryReader r) => r.ReadBoolean() ? r.ReadInt32() : null;

    private static void WriteVec(BinaryWriter w, Vec3? value)
    {
        w.Write(value.HasValue);
        if (value is Vec3 v) { w.Write(v.X); w.Write(v.Y); w.Write(v.Z); }
    }

    private static Vec3? ReadVec(BinaryReader r) => r.ReadBoolean() ? new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()) : null;
}
