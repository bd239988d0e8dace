using System.Buffers.Binary;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>
/// One received OpenIGTLink message, as a view into the receiver's reused buffer: valid only during the callback
/// that hands it out (copy what you keep). Header version 1 (protocols 1 and 2) and 2 (protocol 3: extended header,
/// metadata, message ID) are both read; for version 1 the content is the whole body.
/// </summary>
public sealed partial class IgtlMessage
{
    /// <summary>Size of the fixed header in bytes.</summary>
    public const int HeaderSize = 58;

    /// <summary>Minimum size of the version-2 extended header in bytes.</summary>
    public const int ExtendedHeaderMinSize = 12;

    private byte[] _buffer = [];
    private int _start, _contentOffset, _contentLength, _metadataCount;
    private MetadataEntry[] _metadata = new MetadataEntry[8];

    private readonly record struct MetadataEntry(int KeyOffset, int KeySize, ushort Encoding, int ValueOffset, int ValueSize);

    /// <summary>Header version on the wire: 1 for protocols 1 and 2, 2 for protocol 3.</summary>
    public ushort HeaderVersion { get; private set; }

    /// <summary>Data type of the message (after the prefix).</summary>
    public IgtlDataType DataType { get; private set; }

    /// <summary>GET_/STT_/STP_/RTS_ prefix, or None for data.</summary>
    public IgtlPrefix Prefix { get; private set; }

    /// <summary>Device name from the header (UTF-8, up to 20 bytes).</summary>
    public string DeviceName { get; private set; } = "";

    /// <summary>The sender's timestamp in ns since the Unix epoch (0 when the sender gave none).</summary>
    public long SenderTimestampNs { get; private set; }

    /// <summary>When the bytes of this message came off the socket, ns since the Unix epoch (<see cref="Tools.TrackingClock"/>).</summary>
    public long ReceiverTimestampNs { get; private set; }

    /// <summary>Body size in bytes from the header (extended header, content and metadata together).</summary>
    public long BodySize { get; private set; }

    /// <summary>Message ID from the extended header (header version 2), otherwise 0.</summary>
    public uint MessageId { get; private set; }

    /// <summary>The content bytes: the body without extended header and metadata.</summary>
    public ReadOnlySpan<byte> Content => _buffer.AsSpan(_contentOffset, _contentLength);

    /// <summary>The whole message as received, header included (for recording).</summary>
    public ReadOnlySpan<byte> Raw => _buffer.AsSpan(_start, HeaderSize + (int)BodySize);

    /// <summary>Number of metadata entries (header version 2 only).</summary>
    public int MetadataCount => _metadataCount;

    /// <summary>Key of metadata entry i as a string (allocates; for tools and logs).</summary>
    public string MetadataKey(int i) => System.Text.Encoding.UTF8.GetString(_buffer, _metadata[i].KeyOffset, _metadata[i].KeySize);

    /// <summary>Value of metadata entry i as a string (allocates; for tools and logs).</summary>
    public string MetadataValue(int i) => System.Text.Encoding.UTF8.GetString(_buffer, _metadata[i].ValueOffset, _metadata[i].ValueSize);

    /// <summary>The value bytes of the metadata entry whose key equals key (ASCII, compared without allocating).</summary>
    public bool TryGetMetadata(string key, out ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < _metadataCount; i++)
        {
            MetadataEntry e = _metadata[i];
            if (e.KeySize != key.Length) continue;
            bool same = true;
            for (int k = 0; k < key.Length && same; k++) same = _buffer[e.KeyOffset + k] == key[k];
            if (!same) continue;
            value = _buffer.AsSpan(e.ValueOffset, e.ValueSize);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Points this view at a whole message in buffer; the header fields were validated by the caller. False when the body layout is broken.</summary>
    internal bool Load(byte[] buffer, int start, ushort version, IgtlPrefix prefix, IgtlDataType type, string deviceName, long bodySize, long receiverNs, out string problem)
    {
        _buffer = buffer;
        _start = start;
        HeaderVersion = version;
        Prefix = prefix;
        DataType = type;
        DeviceName = deviceName;
        BodySize = bodySize;
        ReceiverTimestampNs = receiverNs;
        SenderTimestampNs = IgtlTimestamp.ToNs(BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(start + 34)));
        MessageId = 0;
        _metadataCount = 0;
        int body = start + HeaderSize;
        _contentOffset = body;
        _contentLength = (int)bodySize;
        problem = "";
        if (version >= 2 && !LoadExtended(body, (int)bodySize, out problem)) return false;
        return CheckContent(out problem);
    }

    private bool LoadExtended(int body, int bodySize, out string problem)
    {
        ReadOnlySpan<byte> b = _buffer.AsSpan(body, bodySize);
        if (bodySize < ExtendedHeaderMinSize) { problem = $"body of {bodySize} bytes is too short for the {ExtendedHeaderMinSize}-byte extended header"; return false; }
        int extSize = BinaryPrimitives.ReadUInt16BigEndian(b);
        int metaHeaderSize = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        long metaSize = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        MessageId = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
        if (extSize < ExtendedHeaderMinSize || (long)extSize + metaHeaderSize + metaSize > bodySize)
        {
            problem = $"extended header sizes ({extSize} + {metaHeaderSize} + {metaSize}) do not fit the {bodySize}-byte body";
            return false;
        }
        int contentLength = bodySize - extSize - metaHeaderSize - (int)metaSize;
        _contentOffset = body + extSize;
        _contentLength = contentLength;
        problem = "";
        if (metaHeaderSize == 0) return metaSize == 0 || Fail($"{metaSize} bytes of metadata but no metadata header", out problem);
        ReadOnlySpan<byte> mh = b.Slice(extSize + contentLength, metaHeaderSize);
        int count = BinaryPrimitives.ReadUInt16BigEndian(mh);
        if (2 + 8 * count != metaHeaderSize) return Fail($"metadata header of {metaHeaderSize} bytes cannot hold {count} entries", out problem);
        if (_metadata.Length < count) _metadata = new MetadataEntry[Math.Max(count, _metadata.Length * 2)];
        int at = body + extSize + contentLength + metaHeaderSize;
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> e = mh.Slice(2 + 8 * i, 8);
            int keySize = BinaryPrimitives.ReadUInt16BigEndian(e);
            ushort encoding = BinaryPrimitives.ReadUInt16BigEndian(e[2..]);
            long valueSize = BinaryPrimitives.ReadUInt32BigEndian(e[4..]);
            if (total + keySize + valueSize > metaSize) return Fail($"metadata entry {i} runs past the {metaSize}-byte metadata", out problem);
            _metadata[i] = new MetadataEntry(at, keySize, encoding, at + keySize, (int)valueSize);
            at += keySize + (int)valueSize;
            total += keySize + valueSize;
        }
        if (total != metaSize) return Fail($"metadata entries hold {total} bytes but the extended header says {metaSize}", out problem);
        _metadataCount = count;
        return true;
    }

    private static bool Fail(string text, out string problem)
    {
        problem = text;
        return false;
    }
}
