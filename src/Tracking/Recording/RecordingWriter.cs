using System.Buffers.Binary;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Recording;

/// <summary>Appends OpenIGTLink messages to a .igtr recording (see <see cref="TrackingRecording"/>); each record reaches the OS before Append returns.</summary>
public sealed class RecordingWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _lock = new();
    private byte[] _record = new byte[1024];

    /// <summary>Creates (or appends to) the recording at path.</summary>
    public RecordingWriter(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (_file.Length == 0) { _file.Write(TrackingRecording.Magic); _file.Flush(); }
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Records appended.</summary>
    public long Count { get; private set; }

    /// <summary>Appends one whole message with its receive time (ns since the epoch).</summary>
    public void Append(ReadOnlySpan<byte> message, long receiverTimestampNs)
    {
        lock (_lock)
        {
            int size = TrackingRecording.RecordOverhead + message.Length;
            if (_record.Length < size) _record = new byte[Math.Max(size, _record.Length * 2)];
            Span<byte> r = _record.AsSpan(0, size);
            BinaryPrimitives.WriteUInt32LittleEndian(r, (uint)message.Length);
            BinaryPrimitives.WriteInt64LittleEndian(r[4..], receiverTimestampNs);
            message.CopyTo(r[12..]);
            BinaryPrimitives.WriteUInt64LittleEndian(r[(12 + message.Length)..], Crc64Ecma.Compute(r[..(12 + message.Length)]));
            _file.Write(r);
            _file.Flush();
            Count++;
        }
    }

    /// <summary>Flushes to disk and closes.</summary>
    public void Dispose()
    {
        _file.Flush(true);
        _file.Dispose();
    }
}
