using System.Buffers.Binary;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Walks a DICOM file's element structure in managed code before GDCM sees it, and rejects what is
/// certainly broken with a message naming the element: lengths that run past the end of the file (truncated
/// copies, corrupt lengths), sequences nested deeper than any real object, compressed pixel data without its
/// end marker. GDCM aborts or allocates gigabytes on many such files, and silently pads truncated pixels.
/// Where the walk meets something it does not understand (a bad VR, deflate) it stops and lets GDCM decide.
/// </summary>
internal static class DicomStructureCheck
{
    /// <summary>Deepest sequence nesting accepted; real objects stay below 10.</summary>
    public const int MaxDepth = 32;

    private const string DeflateUid = "1.2.840.10008.1.2.1.99";
    private const string BigEndianUid = "1.2.840.10008.1.2.2";
    private const string ImplicitUid = "1.2.840.10008.1.2";

    /// <summary>Whether the file has top-level pixel data (null when the walk stopped early); throws <see cref="DicomImportException"/> naming the file when it is broken.</summary>
    public static bool? Check(string path) => Check(path, out _);

    /// <summary>As <see cref="Check(string)"/>, also giving the TransferSyntaxUID of the file meta group ("" when there is none).</summary>
    public static bool? Check(string path, out string transferSyntaxUid)
    {
        transferSyntaxUid = "";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new DicomImportException($"'{path}' could not be read ({ex.Message}); check that it is a readable file", ex) { FilePath = path };
        }
        var walker = new Walker(path, bytes);
        bool? result = walker.Run();
        transferSyntaxUid = walker.Syntax;
        return result;
    }

    private sealed class Walker(string path, byte[] bytes)
    {
        private bool _explicit = true;
        private bool _bigEndian;

        public string Syntax { get; private set; } = "";

        private sealed class StopWalk : Exception;

        public bool? Run()
        {
            // Without the preamble and meta group the encoding is a guess; leave such files to GDCM (in its worker).
            if (bytes.Length < 132 || !bytes.AsSpan(128, 4).SequenceEqual("DICM"u8)) return null;
            int pos = 132;
            string syntax = "";
            // File meta group: explicit VR little endian.
            while (pos + 8 <= bytes.Length && U16(pos, false) == 0x0002)
            {
                if (!IsVr(pos + 4)) return null;
                (int header, uint length) = ExplicitLength(pos, false);
                Fits(pos, header, length, 0x0002, U16(pos + 2, false));
                if (U16(pos + 2, false) == 0x0010) syntax = DicomText.Clean(System.Text.Encoding.ASCII.GetString(bytes, pos + header, (int)length));
                pos += header + (int)length;
            }
            Syntax = syntax;
            if (syntax == DeflateUid) return null;
            _bigEndian = syntax == BigEndianUid;
            if (syntax.Length == 0) return null;
            _explicit = syntax != ImplicitUid;
            try
            {
                return Walk(ref pos, bytes.Length, 0);
            }
            catch (StopWalk)
            {
                return null;
            }
        }

        /// <summary>Walks elements from pos to end; true when top-level PixelData was met.</summary>
        private bool Walk(ref int pos, long end, int depth)
        {
            while (pos < end)
            {
                if (pos + 8 > bytes.Length) throw Broken($"the file ends at byte {bytes.Length} inside an element header");
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
                    sequence = bytes[pos + 4] == 'S' && bytes[pos + 5] == 'Q';
                }
                else
                {
                    (header, length) = (8, U32(pos + 4, _bigEndian));
                    sequence = false;
                }
                bool pixelData = depth == 0 && group == 0x7FE0 && element == 0x0010;
                if (length == 0xFFFFFFFF)
                {
                    pos += header;
                    if (pixelData) { CheckEncapsulatedEnd(); return true; }
                    WalkSequence(ref pos, depth + 1, group, element);
                    continue;
                }
                if (header + 0L + length > 0 && pos + 8 > bytes.Length) throw Broken($"the file ends at byte {bytes.Length} inside an element header");
                Fits(pos, header, length, group, element);
                if (pixelData) return true;
                if (sequence && length > 0)
                {
                    int inner = pos + header;
                    WalkItems(ref inner, pos + header + length, depth + 1, group, element);
                }
                pos += header + (int)length;
            }
            return false;
        }

        private void WalkSequence(ref int pos, int depth, ushort group, ushort element) => WalkItems(ref pos, long.MaxValue, depth, group, element);

        private void WalkItems(ref int pos, long end, int depth, ushort group, ushort element)
        {
            if (depth > MaxDepth)
            {
                throw Broken($"sequence ({group:X4},{element:X4}) is nested more than {MaxDepth} levels deep, far beyond any real DICOM object (a hostile or corrupt file)");
            }
            while (pos < end)
            {
                if (pos + 8 > bytes.Length) throw Broken($"the file ends at byte {bytes.Length} inside sequence ({group:X4},{element:X4})");
                ushort itemGroup = U16(pos, _bigEndian), itemElement = U16(pos + 2, _bigEndian);
                uint length = U32(pos + 4, _bigEndian);
                if (itemGroup != 0xFFFE) throw new StopWalk();
                if (itemElement == 0xE0DD) { pos += 8; return; }
                if (itemElement != 0xE000) throw new StopWalk();
                pos += 8;
                if (length == 0xFFFFFFFF)
                {
                    Walk(ref pos, long.MaxValue, depth);
                }
                else
                {
                    Fits(pos - 8, 8, length, group, element);
                    int inner = pos;
                    Walk(ref inner, pos + length, depth);
                    pos += (int)length;
                }
            }
        }

        private void CheckEncapsulatedEnd()
        {
            int tail = Math.Min(256, bytes.Length);
            ReadOnlySpan<byte> delimiter = _bigEndian ? [0xFF, 0xFE, 0xE0, 0xDD] : [0xFE, 0xFF, 0xDD, 0xE0];
            if (bytes.AsSpan(bytes.Length - tail).LastIndexOf(delimiter) < 0)
            {
                throw Broken($"its compressed PixelData (7FE0,0010) has no end marker (FFFE,E0DD) before the file ends at byte {bytes.Length}, so the copy is truncated");
            }
        }

        private void Fits(int pos, int header, uint length, ushort group, ushort element)
        {
            long remaining = bytes.Length - (pos + (long)header);
            if (length > remaining)
            {
                throw Broken(group == 0x7FE0
                    ? $"its PixelData (7FE0,0010) declares {length} bytes from byte {pos + header} but the file ends after {Math.Max(0, remaining)} of them, so the copy is truncated"
                    : $"element ({group:X4},{element:X4}) at byte {pos} declares {length} bytes but only {Math.Max(0, remaining)} remain in the file (a truncated copy or a corrupt length)");
            }
        }

        private (int Header, uint Length) ExplicitLength(int pos, bool bigEndian)
        {
            ReadOnlySpan<byte> vr = bytes.AsSpan(pos + 4, 2);
            bool longForm = vr.SequenceEqual("OB"u8) || vr.SequenceEqual("OW"u8) || vr.SequenceEqual("OF"u8) || vr.SequenceEqual("OD"u8)
                || vr.SequenceEqual("OL"u8) || vr.SequenceEqual("OV"u8) || vr.SequenceEqual("SQ"u8) || vr.SequenceEqual("UN"u8)
                || vr.SequenceEqual("UT"u8) || vr.SequenceEqual("UC"u8) || vr.SequenceEqual("UR"u8) || vr.SequenceEqual("SV"u8) || vr.SequenceEqual("UV"u8);
            if (!longForm) return (8, U16(pos + 6, bigEndian));
            if (pos + 12 > bytes.Length) throw Broken($"the file ends at byte {bytes.Length} inside an element header");
            return (12, U32(pos + 8, bigEndian));
        }

        private bool IsVr(int at) => at + 2 <= bytes.Length && char.IsAsciiLetterUpper((char)bytes[at]) && char.IsAsciiLetterUpper((char)bytes[at + 1]);

        private ushort U16(int at, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

        private uint U32(int at, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

        private DicomImportException Broken(string what) =>
            new($"'{path}' is damaged: {what}. Copy or export the file again, or remove it from the folder, then import again") { FilePath = path };
    }
}
