using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Parses a DICOM file's elements up to its top-level PixelData in managed code, reading only that part of the
/// file, and rejects what is certainly broken with a message naming the element: lengths that run past the end
/// of the file (truncated copies, corrupt lengths), sequences nested deeper than any real object, compressed
/// pixel data without its end marker. Where it meets something it does not understand (no meta group, a bad
/// VR, deflate) it gives up (null) and leaves the file to GDCM, in its worker.
/// </summary>
internal static class DicomParser
{
    /// <summary>Deepest sequence nesting accepted; real objects stay below 10.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most bytes read before PixelData; a longer header is left to GDCM.</summary>
    private const long MaxHeaderBytes = 256L << 20;

    private const string DeflateUid = "1.2.840.10008.1.2.1.99";
    private const string BigEndianUid = "1.2.840.10008.1.2.2";
    private const string ImplicitUid = "1.2.840.10008.1.2";
    private const string ExplicitUid = "1.2.840.10008.1.2.1";

    /// <summary>Sequences read in implicit VR files, where a defined-length value does not say it is a sequence.</summary>
    private static readonly HashSet<uint> ImplicitSequences =
    [
        0x52009229, 0x52009230, 0x00209113, 0x00209116, 0x00289110, 0x00289145, 0x00209111, 0x00289132, 0x300C0002,
    ];

    /// <summary>The parsed bytes (from offset 0 of the file), growing while the walk needs more.</summary>
    internal sealed class Buffer
    {
        public byte[] Bytes = [];
        public int Count;
        public bool BigEndian;
    }

    /// <summary>What the walk found: the transfer syntax, the elements before PixelData, and where PixelData sits.</summary>
    internal sealed record Result(string TransferSyntaxUid, DicomElements DataSet, bool HasPixelData, long PixelDataOffset, long PixelDataLength, long FileLength)
    {
        /// <summary>True when PixelData is encapsulated (compressed fragments).</summary>
        public bool IsEncapsulated => PixelDataLength < 0;

        /// <summary>True when the pixels are stored raw (little or big endian), so they can be read without a codec.</summary>
        public bool IsNative => HasPixelData && !IsEncapsulated && TransferSyntaxUid is ImplicitUid or ExplicitUid or BigEndianUid;

        /// <summary>True for Explicit VR Big Endian, whose samples must be byte-swapped.</summary>
        public bool IsBigEndian => TransferSyntaxUid == BigEndianUid;
    }

    /// <summary>Parses <paramref name="path"/>; null when it cannot decide (left to GDCM); throws <see cref="DicomImportException"/> naming the file when it is broken.</summary>
    public static Result? Parse(string path) => Parse(path, out _);

    /// <summary>As <see cref="Parse(string)"/>, also giving the meta group's TransferSyntaxUID even when the walk gives up later ("" when there is none).</summary>
    public static Result? Parse(string path, out string transferSyntaxUid)
    {
        transferSyntaxUid = "";
        // Stat first: opening a FIFO or device would block; those are left to the isolated decoder's timeout.
        var info = new FileInfo(path);
        if (!info.Exists || info.Length < 132 || (info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0) return null;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DicomImportException($"'{path}' could not be read ({ex.Message}); check that it is a readable file", ex) { FilePath = path };
        }
        using (handle)
        {
            long length;
            try
            {
                length = RandomAccess.GetLength(handle);
            }
            catch (IOException)
            {
                return null;
            }
            var walker = new Walker(path, handle, length);
            Result? result = walker.Run();
            transferSyntaxUid = walker.Syntax;
            return result;
        }
    }

    private sealed class Walker(string path, SafeFileHandle handle, long fileLength)
    {
        private readonly Buffer _buffer = new();
        private bool _explicit = true;
        private bool _bigEndian;
        private long _pixelOffset = -1, _pixelLength;

        private sealed class StopWalk : Exception;

        public string Syntax { get; private set; } = "";

        public Result? Run()
        {
            if (fileLength < 132 || fileLength > int.MaxValue) return null;
            // Most headers end within the first few KiB; Need grows the buffer when one does not.
            Need(Math.Min(fileLength, 4096));
            if (!_buffer.Bytes.AsSpan(128, 4).SequenceEqual("DICM"u8)) return null;
            int pos = 132;
            string syntax = "";
            try
            {
                // File meta group: explicit VR little endian; anything odd there is left to GDCM.
                while (Need(pos + 8) && U16(pos, false) == 0x0002)
                {
                    if (!IsVr(pos + 4) || VrIs(pos + 4, "SQ"u8) || (U16(pos + 2, false) == 0 && !VrIs(pos + 4, "UL"u8))) return null;
                    (int header, uint length) = ExplicitLength(pos, false);
                    Fits(pos, header, length, 0x0002, U16(pos + 2, false));
                    if (U16(pos + 2, false) == 0x0010)
                    {
                        Need(pos + header + length);
                        syntax = DicomText.Clean(System.Text.Encoding.ASCII.GetString(_buffer.Bytes, pos + header, (int)length));
                    }
                    pos += header + (int)length;
                }
                Syntax = syntax;
                if (syntax.Length == 0 || syntax == DeflateUid) return null;
                _bigEndian = syntax == BigEndianUid;
                _buffer.BigEndian = _bigEndian;
                _explicit = syntax != ImplicitUid;
                var top = new DicomElements(_buffer);
                bool hasPixels = Walk(ref pos, fileLength, 0, top);
                return new Result(syntax, top, hasPixels, _pixelOffset, _pixelLength, fileLength);
            }
            catch (StopWalk)
            {
                return null;
            }
        }

        /// <summary>Walks elements from pos to end into <paramref name="into"/>; true when top-level PixelData was met.</summary>
        private bool Walk(ref int pos, long end, int depth, DicomElements into)
        {
            while (pos < end)
            {
                if (pos + 8L > fileLength) throw Broken($"the file ends at byte {fileLength} inside an element header");
                Need(pos + 8);
                ushort group = U16(pos, _bigEndian), element = U16(pos + 2, _bigEndian);
                if (group == 0xFFFE)
                {
                    if (element == 0xE00D) { pos += 8; return false; }
                    throw new StopWalk();
                }
                int header;
                uint length;
                bool sequence;
                if (_explicit)
                {
                    if (!IsVr(pos + 4)) throw new StopWalk();
                    (header, length) = ExplicitLength(pos, _bigEndian);
                    sequence = _buffer.Bytes[pos + 4] == 'S' && _buffer.Bytes[pos + 5] == 'Q';
                }
                else
                {
                    (header, length) = (8, U32(pos + 4, _bigEndian));
                    sequence = ImplicitSequences.Contains(((uint)group << 16) | element);
                }
                bool pixelData = depth == 0 && group == 0x7FE0 && element == 0x0010;
                if (length == 0xFFFFFFFF)
                {
                    pos += header;
                    if (pixelData)
                    {
                        CheckEncapsulatedEnd();
                        (_pixelOffset, _pixelLength) = (pos, -1);
                        return true;
                    }
                    var items = new List<DicomElements>();
                    WalkItems(ref pos, long.MaxValue, depth + 1, group, element, items);
                    into.Add(group, element, new DicomElements.Entry(pos, 0, items));
                    continue;
                }
                Fits(pos, header, length, group, element);
                if (pixelData)
                {
                    (_pixelOffset, _pixelLength) = (pos + header, length);
                    return true;
                }
                if (sequence)
                {
                    var items = new List<DicomElements>();
                    int inner = pos + header;
                    if (length > 0) WalkItems(ref inner, pos + header + length, depth + 1, group, element, items);
                    into.Add(group, element, new DicomElements.Entry(pos + header, 0, items));
                }
                else if (length <= DicomElements.MaxValueBytes)
                {
                    Need(pos + header + length);
                    into.Add(group, element, new DicomElements.Entry(pos + header, (int)length, null));
                }
                else
                {
                    into.Add(group, element, new DicomElements.Entry(pos + header, -1, null));
                }
                pos += header + (int)length;
            }
            return false;
        }

        private void WalkItems(ref int pos, long end, int depth, ushort group, ushort element, List<DicomElements> items)
        {
            if (depth > MaxDepth)
            {
                throw Broken($"sequence ({group:X4},{element:X4}) is nested more than {MaxDepth} levels deep, far beyond any real DICOM object (a hostile or corrupt file)");
            }
            while (pos < end)
            {
                if (pos + 8L > fileLength) throw Broken($"the file ends at byte {fileLength} inside sequence ({group:X4},{element:X4})");
                Need(pos + 8);
                ushort itemGroup = U16(pos, _bigEndian), itemElement = U16(pos + 2, _bigEndian);
                uint length = U32(pos + 4, _bigEndian);
                if (itemGroup != 0xFFFE) throw new StopWalk();
                if (itemElement == 0xE0DD) { pos += 8; return; }
                if (itemElement != 0xE000) throw new StopWalk();
                pos += 8;
                var item = new DicomElements(_buffer);
                items.Add(item);
                if (length == 0xFFFFFFFF)
                {
                    Walk(ref pos, long.MaxValue, depth, item);
                }
                else
                {
                    Fits(pos - 8, 8, length, group, element);
                    int inner = pos;
                    Walk(ref inner, pos + length, depth, item);
                    pos += (int)length;
                }
            }
        }

        private void CheckEncapsulatedEnd()
        {
            int tail = (int)Math.Min(256, fileLength);
            Span<byte> last = stackalloc byte[tail];
            int got = RandomAccess.Read(handle, last, fileLength - tail);
            ReadOnlySpan<byte> delimiter = _bigEndian ? [0xFF, 0xFE, 0xE0, 0xDD] : [0xFE, 0xFF, 0xDD, 0xE0];
            if (last[..got].LastIndexOf(delimiter) < 0)
            {
                throw Broken($"its compressed PixelData (7FE0,0010) has no end marker (FFFE,E0DD) before the file ends at byte {fileLength}, so the copy is truncated");
            }
        }

        private void Fits(int pos, int header, uint length, ushort group, ushort element)
        {
            long remaining = fileLength - (pos + (long)header);
            if (length > remaining)
            {
                throw Broken(group == 0x7FE0
                    ? $"its PixelData (7FE0,0010) declares {length} bytes from byte {pos + header} but the file ends after {Math.Max(0, remaining)} of them, so the copy is truncated"
                    : $"element ({group:X4},{element:X4}) at byte {pos} declares {length} bytes but only {Math.Max(0, remaining)} remain in the file (a truncated copy or a corrupt length)");
            }
        }

        /// <summary>Makes bytes 0..end available (end at most the file length); true when they are.</summary>
        private bool Need(long end)
        {
            if (end <= _buffer.Count) return true;
            if (end > fileLength) return false;
            if (end > MaxHeaderBytes) throw new StopWalk();
            int size = (int)Math.Min(fileLength, Math.Max(end, Math.Min(MaxHeaderBytes, 2L * _buffer.Bytes.Length)));
            if (size > _buffer.Bytes.Length) Array.Resize(ref _buffer.Bytes, size);
            while (_buffer.Count < end)
            {
                int got = RandomAccess.Read(handle, _buffer.Bytes.AsSpan(_buffer.Count, size - _buffer.Count), _buffer.Count);
                if (got <= 0) throw Broken($"the file ends at byte {_buffer.Count} though it reported {fileLength} bytes");
                _buffer.Count += got;
            }
            return true;
        }

        private (int Header, uint Length) ExplicitLength(int pos, bool bigEndian)
        {
            // The VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2).
            bool longForm = _buffer.Bytes[pos + 4] switch
            {
                (byte)'O' => _buffer.Bytes[pos + 5] is (byte)'B' or (byte)'W' or (byte)'F' or (byte)'D' or (byte)'L' or (byte)'V',
                (byte)'S' => _buffer.Bytes[pos + 5] is (byte)'Q' or (byte)'V',
                (byte)'U' => _buffer.Bytes[pos + 5] is (byte)'N' or (byte)'T' or (byte)'C' or (byte)'R' or (byte)'V',
                _ => false,
            };
            if (!longForm) return (8, U16(pos + 6, bigEndian));
            if (pos + 12L > fileLength) throw Broken($"the file ends at byte {fileLength} inside an element header");
            Need(pos + 12);
            return (12, U32(pos + 8, bigEndian));
        }

        private bool VrIs(int at, ReadOnlySpan<byte> vr) => _buffer.Bytes.AsSpan(at, 2).SequenceEqual(vr);

        private bool IsVr(int at) => Need(at + 2) && char.IsAsciiLetterUpper((char)_buffer.Bytes[at]) && char.IsAsciiLetterUpper((char)_buffer.Bytes[at + 1]);

        private ushort U16(int at, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.Bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Bytes.AsSpan(at));

        private uint U32(int at, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_buffer.Bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Bytes.AsSpan(at));

        private DicomImportException Broken(string what) =>
            new($"'{path}' is damaged: {what}. Copy or export the file again, or remove it from the folder, then import again") { FilePath = path };
    }
}
