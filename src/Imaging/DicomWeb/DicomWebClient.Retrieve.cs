namespace SurgicalNav.Imaging.DicomWeb;

public sealed partial class DicomWebClient
{
    /// <summary>
    /// Retrieves every instance of one series (WADO-RS GET /studies/{study}/series/{series}, multipart/related;
    /// type="application/dicom") into <paramref name="directory"/> as numbered .dcm files, streaming each part to disk.
    /// Returns the number of instances and the body bytes received.
    /// </summary>
    public async Task<(int Instances, long Bytes)> RetrieveSeriesAsync(string studyUid, string seriesUid, string directory, CancellationToken ct = default)
    {
        string study = CheckUid(studyUid, "study"), series = CheckUid(seriesUid, "series");
        Directory.CreateDirectory(directory);
        string relative = $"/studies/{study}/series/{series}";
        string source = _root + relative;
        using HttpResponseMessage response = await SendAsync(relative, "multipart/related; type=\"application/dicom\"", ct).ConfigureAwait(false);
        string boundary = MultipartRelatedReader.BoundaryOf(response.Content.Headers.ContentType?.ToString(), source);
        await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var reader = new MultipartRelatedReader(body, boundary, source, _options.MaxPartBytes, _options.MaxTotalBytes, _options.StallTimeout);
        int count = 0;
        while (true)
        {
            string file = Path.Combine(directory, $"{count + 1:D6}.dcm");
            MultipartPart? part;
            // Unbuffered: the reader hands over large chunks, and async file I/O on Linux only adds thread-pool hops.
            await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                part = await reader.ReadPartAsync(output, ct).ConfigureAwait(false);
            }
            if (part is null)
            {
                File.Delete(file);
                break;
            }
            CheckDicomPart(part, file, source);
            count++;
        }
        if (count == 0)
        {
            throw new DicomWebException($"{source} answered with no instances; the series is empty on the PACS or was deleted. List what the study holds with 'surgicalnav pacs search'");
        }
        return (count, reader.TotalBytes);
    }

    /// <summary>A part must be a DICOM Part 10 file: Content-Type application/dicom (when given) and "DICM" at byte 128.</summary>
    private static void CheckDicomPart(MultipartPart part, string file, string source)
    {
        string type = part.ContentType;
        string mediaType = type.Split(';')[0].Trim();
        bool typeOk = mediaType.Length == 0 || mediaType.Equals("application/dicom", StringComparison.OrdinalIgnoreCase);
        Span<byte> head = stackalloc byte[132];
        int got;
        using (FileStream f = File.OpenRead(file)) got = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        bool magicOk = got == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        if (typeOk && magicOk) return;
        string what = !typeOk ? $"its Content-Type is '{type}'" : $"it has no 'DICM' marker at byte 128 ({part.Length} bytes)";
        throw new DicomWebException(
            $"part {part.Number} from {source} is not a DICOM Part 10 file: {what}. The server sent something other than the series' instances; check that the URL is its DICOMweb (WADO-RS) root");
    }
}
