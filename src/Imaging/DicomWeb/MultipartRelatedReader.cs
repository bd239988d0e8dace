using System.Text;

namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>
/// A streaming reader for a MIME multipart body (RFC 2046), as WADO-RS sends it: each part's body is copied to a
/// stream as it arrives, so memory stays at one buffer however large the series. Part and total sizes are capped,
/// and a missing, damaged or unterminated boundary is an error that names the source and the part.
/// </summary>
public sealed class MultipartRelatedReader
{
    private const int BufferBytes = 1 << 18;
    private const int MaxHeaderBytes = 16 << 10;
    private const int MaxPreambleBytes = 64 << 10;

    private readonly Stream _source;
    private readonly string _sourceName;
    private readonly byte[] _delimiter; // CRLF "--" boundary
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly long _maxPartBytes, _maxTotalBytes;
    private readonly TimeSpan _stallTimeout;
    private int _start, _end;
    private bool _eof, _started, _finished;
    private int _parts;

    /// <summary>Reads parts separated by <paramref name="boundary"/> from <paramref name="source"/>; <paramref name="sourceName"/> (a URL) goes into error messages.</summary>
    public MultipartRelatedReader(Stream source, string boundary, string sourceName, long maxPartBytes, long maxTotalBytes, TimeSpan stallTimeout)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw new DicomWebException($"{sourceName} sent a multipart boundary of {boundary?.Length ?? 0} characters; RFC 2046 allows 1 to 70. The server's answer is malformed");
        }
        _source = source;
        _sourceName = sourceName;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _maxPartBytes = maxPartBytes;
        _maxTotalBytes = maxTotalBytes;
        _stallTimeout = stallTimeout;
        // Pretend a CRLF came before the body, so a delimiter on the very first line is found like every other one.
        _buffer[0] = (byte)'\r';
        _buffer[1] = (byte)'\n';
        _end = 2;
    }

    /// <summary>Body bytes read so far, over all parts.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>
    /// The boundary parameter of a multipart Content-Type header value (quoted or not); throws <see cref="DicomWebException"/>
    /// naming <paramref name="sourceName"/> when the type is not multipart or the boundary is missing.
    /// </summary>
    public static string BoundaryOf(string? contentType, string sourceName)
    {
        if (contentType is null || !contentType.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw new DicomWebException(
                $"{sourceName} answered with Content-Type '{contentType ?? "(none)"}', expected multipart/related; type=\"application/dicom\". Check that the URL is the server's DICOMweb root (for Orthanc: http://host:8042/dicom-web)");
        }
        foreach (string parameter in contentType.Split(';').Skip(1))
        {
            int eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !parameter[..eq].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase)) continue;
            string value = parameter[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            if (value.Length is >= 1 and <= 70) return value;
            throw new DicomWebException($"{sourceName} sent multipart boundary '{value}', which is {value.Length} characters (1 to 70 allowed); the server's answer is malformed");
        }
        throw new DicomWebException($"{sourceName} answered with Content-Type '{contentType}' but gave no boundary parameter; the server's answer is malformed");
    }

    /// <summary>
    /// Copies the next part's body to <paramref name="destination"/> and returns its headers, or returns null after the
    /// closing boundary. Throws <see cref="DicomWebException"/> on a malformed or cut-off body and when a limit is hit.
    /// </summary>
    public async Task<MultipartPart?> ReadPartAsync(Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_finished) return null;
        if (!_started)
        {
            await SkipPreambleAsync(ct).ConfigureAwait(false);
            _started = true;
        }
        if (await AtCloseDelimiterAsync(ct).ConfigureAwait(false))
        {
            _finished = true;
            return null;
        }
        int number = ++_parts;
        Dictionary<string, string> headers = await ReadHeadersAsync(number, ct).ConfigureAwait(false);
        long length = 0;
        while (true)
        {
            (int bodyBytes, bool foundDelimiter) = ScanBody();
            if (bodyBytes > 0)
            {
                length += bodyBytes;
                TotalBytes += bodyBytes;
                CheckLimits(number, length);
                await destination.WriteAsync(_buffer.AsMemory(_start, bodyBytes), ct).ConfigureAwait(false);
                _start += bodyBytes;
            }
            if (foundDelimiter)
            {
                _start += _delimiter.Length;
                return new MultipartPart(number, headers, length);
            }
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw new DicomWebException(
                    $"the answer from {_sourceName} ends inside part {number} after {length} bytes of it ({TotalBytes} bytes in all), without the closing boundary; the connection was cut or the server stopped. Try again");
            }
        }
    }

    /// <summary>How many buffered bytes surely belong to the body, and whether the delimiter follows them.</summary>
    private (int Bytes, bool Found) ScanBody()
    {
        ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
        int at = data.IndexOf(_delimiter);
        if (at >= 0) return (at, true);
        // Keep a tail that could be the start of a delimiter split across reads.
        return (Math.Max(0, data.Length - (_delimiter.Length - 1)), false);
    }

    private void CheckLimits(int number, long partLength)
    {
        if (partLength > _maxPartBytes)
        {
            throw new DicomWebException(
                $"part {number} from {_sourceName} is larger than the limit of {_maxPartBytes >> 20} MiB per instance; raise the limit if such large instances are expected");
        }
        if (TotalBytes > _maxTotalBytes)
        {
            throw new DicomWebException(
                $"the answer from {_sourceName} exceeds the limit of {_maxTotalBytes >> 20} MiB per retrieve (at part {number}); retrieve a single series, or raise the limit");
        }
    }

    private async Task SkipPreambleAsync(CancellationToken ct)
    {
        long skipped = 0;
        while (true)
        {
            (int bodyBytes, bool found) = ScanBody();
            _start += bodyBytes;
            skipped += bodyBytes;
            if (found)
            {
                _start += _delimiter.Length;
                return;
            }
            if (skipped > MaxPreambleBytes || !await FillAsync(ct).ConfigureAwait(false))
            {
                throw new DicomWebException(
                    $"the answer from {_sourceName} does not contain its own multipart boundary (searched {skipped} bytes); the body is not the multipart message its Content-Type announces");
            }
        }
    }

    /// <summary>After a delimiter: "--" closes the message; otherwise optional blanks and CRLF start a part.</summary>
    private async Task<bool> AtCloseDelimiterAsync(CancellationToken ct)
    {
        while (_end - _start < 2)
        {
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw new DicomWebException($"the answer from {_sourceName} ends right after a boundary, without the closing '--'; the transfer was cut short. Try again");
            }
        }
        if (_buffer[_start] == '-' && _buffer[_start + 1] == '-') return true;
        while (true)
        {
            while (_start < _end && (_buffer[_start] == ' ' || _buffer[_start] == '\t')) _start++;
            if (_end - _start >= 2) break;
            if (!await FillAsync(ct).ConfigureAwait(false)) break;
        }
        if (_end - _start >= 2 && _buffer[_start] == '\r' && _buffer[_start + 1] == '\n')
        {
            _start += 2;
            return false;
        }
        throw new DicomWebException(
            $"the answer from {_sourceName} has a malformed boundary line before part {_parts + 1} (the boundary is followed by '{Preview()}' instead of a line break); the multipart body is damaged");
    }

    private async Task<Dictionary<string, string>> ReadHeadersAsync(int number, CancellationToken ct)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int headerBytes = 0;
        while (true)
        {
            int lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                if (_end - _start > MaxHeaderBytes || !await FillAsync(ct).ConfigureAwait(false))
                {
                    throw new DicomWebException(
                        $"the headers of part {number} from {_sourceName} are cut off or longer than {MaxHeaderBytes >> 10} KiB; the multipart body is damaged");
                }
                continue;
            }
            string line = Encoding.Latin1.GetString(_buffer, _start, lineEnd);
            _start += lineEnd + 2;
            headerBytes += lineEnd + 2;
            if (headerBytes > MaxHeaderBytes)
            {
                throw new DicomWebException($"the headers of part {number} from {_sourceName} are longer than {MaxHeaderBytes >> 10} KiB; the multipart body is damaged");
            }
            if (line.Length == 0) return headers;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new DicomWebException($"part {number} from {_sourceName} has a header line without a name ('{Truncate(line)}'); the multipart body is damaged");
            }
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    /// <summary>Moves unread bytes to the front and reads more; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(CancellationToken ct)
    {
        if (_eof) return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new InvalidOperationException("multipart buffer full; a header or delimiter scan did not consume data");
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(_stallTimeout);
        int n;
        try
        {
            n = await _source.ReadAsync(_buffer.AsMemory(_end), stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DicomWebException(
                $"{_sourceName} stopped sending for {_stallTimeout.TotalSeconds:0} s in the middle of part {Math.Max(_parts, 1)} ({TotalBytes} bytes received); the server or the network stalled. Try again", e);
        }
        catch (IOException e)
        {
            throw new DicomWebException(
                $"the connection to {_sourceName} broke in the middle of part {Math.Max(_parts, 1)} after {TotalBytes} bytes ({e.Message}); try again", e);
        }
        if (n == 0)
        {
            _eof = true;
            return false;
        }
        _end += n;
        return true;
    }

    private string Preview() => Truncate(Encoding.Latin1.GetString(_buffer, _start, Math.Min(16, _end - _start)).ReplaceLineEndings("\\n"));

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
