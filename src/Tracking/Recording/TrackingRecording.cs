using System.Buffers.Binary;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Recording;

/// <summary>
/// The .igtr tracker recording: an 8-byte magic "IGTREC01", then records appended one by one, each
/// [u32 message length][i64 receiver time ns][OpenIGTLink message bytes][u64 CRC-64 of the three before], little-endian.
/// A file cut short by a crash reads back up to its last whole record.
/// </summary>
public static class TrackingRecording
{
    /// <summary>The file's first 8 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "IGTREC01"u8;

    /// <summary>Bytes a record adds around the message.</summary>
    public const int RecordOverhead = 4 + 8 + 8;

    /// <summary>Largest message a record may hold (bytes).</summary>
    public const int MaxMessageBytes = 64 << 20;

    /// <summary>Reads every whole record; stops at the first short or corrupt one and says so in the result.</summary>
    public static RecordingContents Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"tracker recording {path} does not exist; record one with 'surgicalnav record'", path);
        }
        if (data.Length < Magic.Length || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a SurgicalNav tracker recording (it does not start with IGTREC01)");
        var records = new List<RecordedMessage>();
        int at = Magic.Length;
        string stop = "";
        while (at < data.Length)
        {
            ReadOnlySpan<byte> rest = data.AsSpan(at);
            if (rest.Length < 12) { stop = $"the last {rest.Length} bytes are a cut-off record header"; break; }
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            if (length < IgtlMessage.HeaderSize || length > MaxMessageBytes) { stop = $"record {records.Count + 1} claims {length} bytes"; break; }
            if (rest.Length < RecordOverhead + length) { stop = $"record {records.Count + 1} is cut off ({rest.Length} of {RecordOverhead + length} bytes)"; break; }
            ulong crc = BinaryPrimitives.ReadUInt64LittleEndian(rest[(12 + (int)length)..]);
            if (crc != Crc64Ecma.Compute(rest[..(12 + (int)length)])) { stop = $"record {records.Count + 1} fails its CRC-64"; break; }
            records.Add(new RecordedMessage(BinaryPrimitives.ReadInt64LittleEndian(rest[4..]), rest.Slice(12, (int)length).ToArray()));
            at += RecordOverhead + (int)length;
        }
        return new RecordingContents(records, data.Length - at, stop);
    }
}
