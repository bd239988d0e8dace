using System.Buffers.Binary;
using System.Diagnostics;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Net;

/// <summary>
/// Cuts a byte stream into OpenIGTLink messages and validates each one (header, size limit, rate limit, CRC-64, type,
/// device name, layout) before handing it to the handler. One buffer is reused for the life of the connection, so a
/// steady stream of tracker messages allocates nothing. Every rejection is counted and logged (rate-limited).
/// </summary>
internal sealed class IgtlStreamParser
{
    private readonly IgtlOptions _options;
    private readonly IgtlCounters _counters;
    private readonly Action<IgtlMessage> _handler;
    private readonly string _peer;
    private readonly IgtlMessage _message = new();
    private readonly DeviceNameTable _names = new();
    private readonly long[] _logCounts = new long[Enum.GetValues<ReadResult>().Length];
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private long _drain;
    private long _windowStartTicks, _windowCount;

    public IgtlStreamParser(IgtlOptions options, IgtlCounters counters, string peer, Action<IgtlMessage> handler)
    {
        _options = options;
        _counters = counters;
        _peer = peer;
        _handler = handler;
    }

    /// <summary>True after a header that cannot be trusted; the caller must close the connection.</summary>
    public bool Broken { get; private set; }

    /// <summary>True when part of a message is buffered (a close now means a truncated message).</summary>
    public bool InMessage => _end > _start || _drain > 0;

    /// <summary>Free space to receive into.</summary>
    public Span<byte> FreeSpace()
    {
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_buffer.Length - _end < 4096 && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        return _buffer.AsSpan(_end);
    }

    /// <summary>Takes n newly received bytes and handles every whole message now buffered.</summary>
    public void Advance(int n, long receiverNs)
    {
        _end += n;
        _counters.AddBytes(n);
        while (!Broken && Step(receiverNs)) { }
    }

    private bool Step(long receiverNs)
    {
        if (_drain > 0)
        {
            int skip = (int)Math.Min(_drain, _end - _start);
            _start += skip;
            _drain -= skip;
            if (_drain > 0) return false;
        }
        int available = _end - _start;
        if (available < IgtlMessage.HeaderSize) return false;
        ReadOnlySpan<byte> h = _buffer.AsSpan(_start, IgtlMessage.HeaderSize);
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(h);
        bool typeOk = IgtlTypeNames.TryParse(h.Slice(2, 12), out IgtlPrefix prefix, out IgtlDataType type);
        if (version is < 1 or > 2 || !typeOk)
        {
            Reject(ReadResult.BadHeader, $"header version {version} or type field is not OpenIGTLink; closing the connection");
            Broken = true;
            return false;
        }
        ulong bodySize = BinaryPrimitives.ReadUInt64BigEndian(h[42..]);
        if (bodySize > (ulong)_options.MaxBodyBytes)
        {
            Reject(ReadResult.OversizeBody, $"{IgtlTypeNames.ToText(prefix, type)} body of {bodySize} bytes exceeds the {_options.MaxBodyBytes}-byte limit; draining it unread");
            _start += IgtlMessage.HeaderSize;
            _drain = bodySize > long.MaxValue ? long.MaxValue : (long)bodySize;
            return true;
        }
        int total = IgtlMessage.HeaderSize + (int)bodySize;
        if (available < total)
        {
            if (_buffer.Length < total) Grow(total);
            return false;
        }
        int start = _start;
        _start += total;
        Dispatch(start, version, prefix, type, (int)bodySize, receiverNs);
        return true;
    }

    private void Dispatch(int start, ushort version, IgtlPrefix prefix, IgtlDataType type, int bodySize, long receiverNs)
    {
        if (!TakeToken())
        {
            Reject(ReadResult.FloodDropped, $"more than {_options.MaxMessagesPerSecond} messages/s; dropping");
            return;
        }
        ReadOnlySpan<byte> h = _buffer.AsSpan(start, IgtlMessage.HeaderSize);
        ulong crc = BinaryPrimitives.ReadUInt64BigEndian(h[50..]);
        ulong actual = Crc64Ecma.Compute(_buffer.AsSpan(start + IgtlMessage.HeaderSize, bodySize));
        if (crc != actual)
        {
            Reject(ReadResult.CrcMismatch, $"CRC-64 {actual:X16} of the {bodySize}-byte body does not match the header's {crc:X16}; message skipped");
            return;
        }
        if (type == IgtlDataType.Unknown)
        {
            Reject(ReadResult.UnknownType, $"message type '{System.Text.Encoding.ASCII.GetString(IgtlBody.TrimNul(h.Slice(2, 12)))}' is not read by SurgicalNav; skipped");
            return;
        }
        if (!_names.TryGet(h.Slice(14, 20), out string device))
        {
            Reject(ReadResult.BadDeviceName, $"device name bytes {DeviceNameTable.Escape(h.Slice(14, 20))} are not UTF-8; message skipped");
            return;
        }
        if (!_message.Load(_buffer, start, version, prefix, type, device, bodySize, receiverNs, out string problem))
        {
            Reject(ReadResult.Malformed, $"{device}: {problem}; message skipped");
            return;
        }
        _counters.Count(ReadResult.Ok);
        try
        {
            _handler(_message);
        }
        catch (Exception e)
        {
            _counters.CountHandlerError();
            Log(ReadResult.Ok, $"handler failed on {IgtlTypeNames.ToText(prefix, type)} from '{device}': {e.GetType().Name}: {e.Message}");
        }
    }

    private bool TakeToken()
    {
        long now = Stopwatch.GetTimestamp();
        if (now - _windowStartTicks >= Stopwatch.Frequency)
        {
            _windowStartTicks = now;
            _windowCount = 0;
        }
        return ++_windowCount <= _options.MaxMessagesPerSecond;
    }

    private void Grow(int total)
    {
        var bigger = new byte[Math.Max(total, _buffer.Length * 2)];
        Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
        _end -= _start;
        _start = 0;
        _buffer = bigger;
    }

    private void Reject(ReadResult result, string text)
    {
        _counters.Count(result);
        Log(result, text);
    }

    /// <summary>Logs the first 5 events of each kind, then every 1000th, so a flood cannot flood the log.</summary>
    internal void Log(ReadResult kind, string text)
    {
        long n = ++_logCounts[(int)kind];
        if (_options.Log is null || (n > 5 && n % 1000 != 0)) return;
        _options.Log($"OpenIGTLink {_peer}: {text}{(n > 5 ? $" ({n} so far)" : "")}");
    }
}
