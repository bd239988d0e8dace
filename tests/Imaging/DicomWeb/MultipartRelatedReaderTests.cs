using System.Text;
using SurgicalNav.Imaging.DicomWeb;

namespace SurgicalNav.Imaging.Tests.DicomWeb;

public class MultipartRelatedReaderTests
{
    private const string Boundary = "b1-x_y";

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, so delimiters get split across reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private static byte[] Body(params (string Headers, byte[] Content)[] parts)
    {
        var s = new MemoryStream();
        void Text(string t) => s.Write(Encoding.ASCII.GetBytes(t));
        Text("preamble to ignore\r\n");
        foreach ((string headers, byte[] content) in parts)
        {
            Text($"--{Boundary}\r\n{headers}\r\n\r\n");
            s.Write(content);
            Text("\r\n");
        }
        Text($"--{Boundary}--\r\nepilogue");
        return s.ToArray();
    }

    private static byte[] Payload(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        // Bytes that look like the start of a delimiter inside the content must stay content.
        if (length > 20) Encoding.ASCII.GetBytes("\r\n--b1-x").CopyTo(b, length / 2);
        return b;
    }

    private static MultipartRelatedReader Reader(Stream s, long maxPart = 1 << 20, long maxTotal = 1 << 22) =>
        new(s, Boundary, "http://pacs.test/dicom-web", maxPart, maxTotal, TimeSpan.FromSeconds(5));

    private static async Task<List<(MultipartPart Part, byte[] Content)>> ReadAll(MultipartRelatedReader reader)
    {
        var parts = new List<(MultipartPart, byte[])>();
        while (true)
        {
            var target = new MemoryStream();
            MultipartPart? part = await reader.ReadPartAsync(target, CancellationToken.None);
            if (part is null) return parts;
            parts.Add((part, target.ToArray()));
        }
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1 << 16)]
    public async Task ReadPartAsync_TwoPartsAnyReadSize_GivesExactBodiesAndHeaders(int chunk)
    {
        byte[] a = Payload(70_000, 1), b = Payload(33, 2);
        byte[] body = Body(("Content-Type: application/dicom\r\nContent-Length: 70000", a), ("content-type: application/dicom", b));

        var parts = await ReadAll(Reader(new TrickleStream(body, chunk)));

        Assert.That(parts, Has.Count.EqualTo(2));
        Assert.That(parts[0].Content, Is.EqualTo(a));
        Assert.That(parts[1].Content, Is.EqualTo(b));
        Assert.That(parts[0].Part.ContentType, Is.EqualTo("application/dicom"));
        Assert.That(parts[1].Part.ContentType, Is.EqualTo("application/dicom"), "header names are case-insensitive");
        Assert.That(parts[1].Part.Number, Is.EqualTo(2));
    }

    [Test]
    public async Task ReadPartAsync_NoParts_ReturnsNullAtOnce()
    {
        var parts = await ReadAll(Reader(new MemoryStream(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"))));
        Assert.That(parts, Is.Empty);
    }

    [Test]
    public void ReadPartAsync_BodyCutInsidePart_SaysWhichPartAndHowMuchArrived()
    {
        byte[] body = Body(("Content-Type: application/dicom", Payload(5000, 3)));
        byte[] cut = body[..3000];

        var e = Assert.ThrowsAsync<DicomWebException>(() => ReadAll(Reader(new MemoryStream(cut))));

        Assert.That(e!.Message, Does.Contain("ends inside part 1").And.Contain("http://pacs.test/dicom-web").And.Contain("without the closing boundary"));
    }

    [Test]
    public void ReadPartAsync_BoundaryNotInBody_SaysTheBodyIsNotMultipart()
    {
        var e = Assert.ThrowsAsync<DicomWebException>(() => ReadAll(Reader(new MemoryStream(Encoding.ASCII.GetBytes("<html>error page</html>")))));
        Assert.That(e!.Message, Does.Contain("does not contain its own multipart boundary"));
    }

    [Test]
    public void ReadPartAsync_GarbageAfterBoundary_SaysMalformedBoundaryLine()
    {
        byte[] body = Encoding.ASCII.GetBytes($"--{Boundary}XYZ\r\nContent-Type: application/dicom\r\n\r\nabc\r\n--{Boundary}--");
        var e = Assert.ThrowsAsync<DicomWebException>(() => ReadAll(Reader(new MemoryStream(body))));
        Assert.That(e!.Message, Does.Contain("malformed boundary line before part 1"));
    }

    [Test]
    public void ReadPartAsync_HeaderLineWithoutName_SaysDamaged()
    {
        byte[] body = Encoding.ASCII.GetBytes($"--{Boundary}\r\nno colon here\r\n\r\nabc\r\n--{Boundary}--");
        var e = Assert.ThrowsAsync<DicomWebException>(() => ReadAll(Reader(new MemoryStream(body))));
        Assert.That(e!.Message, Does.Contain("header line without a name"));
    }

    [Test]
    public void ReadPartAsync_PartOverLimit_StopsAtTheLimit()
    {
        byte[] body = Body(("Content-Type: application/dicom", Payload(10_000, 4)));
        var e = Assert.ThrowsAsync<DicomWebException>(() => ReadAll(Reader(new MemoryStream(body), maxPart: 4096)));
        Assert.That(e!.Message, Does.Contain("part 1").And.Contain("larger than the limit"));
    }

    [Test]
    public void ReadPartAsync_TotalOverLimit_StopsAtTheLimit()
    {
        byte[] body = Body(("A: 1", Payload(3000, 5)), ("A: 2", Payload(3000, 6)), ("A: 3", Payload(3000, 7)));
        var e = Assert.ThrowsAsync<DicomWebException>(() => ReadAll(Reader(new MemoryStream(body), maxTotal: 7000)));
        Assert.That(e!.Message, Does.Contain("exceeds the limit").And.Contain("at part 3"));
    }

    [TestCase("multipart/related; type=\"application/dicom\"; boundary=abc", "abc")]
    [TestCase("multipart/related; boundary=\"a b:c\"; type=\"application/dicom\"", "a b:c")]
    [TestCase("Multipart/Related;BOUNDARY=xyz", "xyz")]
    public void BoundaryOf_ValidContentType_GivesTheBoundary(string contentType, string expected) =>
        Assert.That(MultipartRelatedReader.BoundaryOf(contentType, "u"), Is.EqualTo(expected));

    [TestCase("application/dicom+json", "expected multipart/related")]
    [TestCase(null, "(none)")]
    [TestCase("multipart/related; type=\"application/dicom\"", "no boundary parameter")]
    [TestCase("multipart/related; boundary=\"\"", "0 characters")]
    public void BoundaryOf_BadContentType_SaysWhatIsWrong(string? contentType, string expected)
    {
        var e = Assert.Throws<DicomWebException>(() => MultipartRelatedReader.BoundaryOf(contentType, "http://pacs.test/x"));
        Assert.That(e!.Message, Does.Contain(expected).And.Contain("http://pacs.test/x"));
    }
}
