using System.Buffers.Binary;
using System.Text;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>
/// Builds one outgoing OpenIGTLink message at a time into a reused buffer:
/// <c>Begin</c>, write the content (<see cref="Content"/> + <see cref="Advance"/>, or the typed helpers), optional
/// metadata (header version 2), then <see cref="Finish"/> fills in body size and CRC-64 and returns the bytes.
/// </summary>
public sealed partial class IgtlMessageBuilder
{
    private byte[] _buffer = new byte[4096];
    private int _length;
    private int _metadataCount;
    private readonly List<(string Key, string Value)> _metadata = [];
    private ushort _version;
    private uint _messageId;

    /// <summary>Starts a message. headerVersion 1 is protocols 1/2 (what Debian's libOpenIGTLink 1.11 speaks), 2 is protocol 3 with extended header and metadata.</summary>
    public void Begin(IgtlPrefix prefix, IgtlDataType type, string deviceName, long timestampNs, ushort headerVersion = 1, uint messageId = 0)
    {
        if (type == IgtlDataType.Unknown) throw new ArgumentException("cannot send a message of unknown type");
        if (headerVersion is < 1 or > 2) throw new ArgumentException($"header version {headerVersion} is not 1 or 2");
        _version = headerVersion;
        _messageId = messageId;
        _metadata.Clear();
        _metadataCount = 0;
        Span<byte> h = _buffer.AsSpan(0, IgtlMessage.HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(h, headerVersion);
        IgtlTypeNames.Write(h.Slice(2, 12), prefix, type);
        DeviceNameTable.Write(h.Slice(14, 20), deviceName, "device name");
        BinaryPrimitives.WriteUInt64BigEndian(h[34..], IgtlTimestamp.FromNs(timestampNs));
        _length = IgtlMessage.HeaderSize + (headerVersion >= 2 ? IgtlMessage.ExtendedHeaderMinSize : 0);
    }

    /// <summary>Writable space of at least size bytes at the end of the content.</summary>
    public Span<byte> Content(int size)
    {
        Ensure(_length + size);
        return _buffer.AsSpan(_length, size);
    }

    /// <summary>Marks size bytes of <see cref="Content"/> as written.</summary>
    public void Advance(int size) => _length += size;

    /// <summary>Adds a metadata entry (UTF-8, header version 2 only).</summary>
    public void AddMetadata(string key, string value)
    {
        if (_version < 2) throw new InvalidOperationException("metadata needs header version 2 (protocol 3); Begin with headerVersion: 2");
        _metadata.Add((key, value));
        _metadataCount++;
    }

    /// <summary>Completes the message (extended header, metadata, body size, CRC-64) and returns its bytes, valid until the next Begin.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        int body = IgtlMessage.HeaderSize;
        if (_version >= 2)
        {
            int contentEnd = _length;
            int metaHeaderSize = _metadataCount == 0 ? 0 : 2 + 8 * _metadataCount;
            Ensure(_length + metaHeaderSize);
            Span<byte> mh = _buffer.AsSpan(_length, metaHeaderSize);
            _length += metaHeaderSize;
            int metaSize = 0;
            if (_metadataCount > 0) BinaryPrimitives.WriteUInt16BigEndian(mh, (ushort)_metadataCount);
            for (int i = 0; i < _metadataCount; i++)
            {
                var (key, value) = _metadata[i];
                int k = Encoding.UTF8.GetByteCount(key), v = Encoding.UTF8.GetByteCount(value);
                if (k > ushort.MaxValue) throw new ArgumentException($"metadata key of {k} bytes is longer than 65535");
                Ensure(_length + k + v);
                mh = _buffer.AsSpan(contentEnd, metaHeaderSize);
                BinaryPrimitives.WriteUInt16BigEndian(mh[(2 + 8 * i)..], (ushort)k);
                BinaryPrimitives.WriteUInt16BigEndian(mh[(4 + 8 * i)..], 106);
                BinaryPrimitives.WriteUInt32BigEndian(mh[(6 + 8 * i)..], (uint)v);
                Encoding.UTF8.GetBytes(key, _buffer.AsSpan(_length));
                Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + k));
                _length += k + v;
                metaSize += k + v;
            }
            Span<byte> ext = _buffer.AsSpan(body, IgtlMessage.ExtendedHeaderMinSize);
            BinaryPrimitives.WriteUInt16BigEndian(ext, IgtlMessage.ExtendedHeaderMinSize);
            BinaryPrimitives.WriteUInt16BigEndian(ext[2..], (ushort)metaHeaderSize);
            BinaryPrimitives.WriteUInt32BigEndian(ext[4..], (uint)metaSize);
            BinaryPrimitives.WriteUInt32BigEndian(ext[8..], _messageId);
        }
        ReadOnlySpan<byte> bodyBytes = _buffer.AsSpan(body, _length - body);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(42), (ulong)bodyBytes.Length);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(50), Crc64Ecma.Compute(bodyBytes));
        return _buffer.AsSpan(0, _length);
    }

    private void Ensure(int size)
    {
        if (size <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
    }
}
