using System.Net;
using System.Net.Sockets;
using System.Text;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.DicomWeb;

namespace SurgicalNav.Imaging.Tests.DicomWeb;

/// <summary>
/// A real socket server that answers WADO-RS like a broken PACS would: it drops the connection mid-part, sends a
/// part that is not DICOM, or stalls. The client must end each with a clear error, never hang or crash.
/// </summary>
public class DicomWebHostileServerTests
{
    private const string Boundary = "hostile-boundary";

    /// <summary>Serves one canned answer per connection on a loopback port; the answer is raw HTTP/1.1 bytes.</summary>
    private sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<string, byte[]> _answer;
        private readonly bool _closeEarly;
        private readonly TimeSpan _holdOpen;

        public RawHttpServer(Func<string, byte[]> answer, bool closeEarly = false, TimeSpan holdOpen = default)
        {
            _answer = answer;
            _closeEarly = closeEarly;
            _holdOpen = holdOpen;
            _listener.Start();
            _ = Task.Run(AcceptLoop);
        }

        public string Url => $"dicomweb+http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/dicom-web";

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { return; }
                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                NetworkStream s = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int n = await s.ReadAsync(buffer, _stop.Token);
                    if (n == 0) return;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                string path = request.ToString().Split(' ')[1];
                await s.WriteAsync(_answer(path), _stop.Token);
                await s.FlushAsync(_stop.Token);
                if (_holdOpen > TimeSpan.Zero) await Task.Delay(_holdOpen, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (_closeEarly) client.Client.LingerState = new LingerOption(true, 0); // RST instead of FIN
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }

    private static byte[] Http(string contentType, byte[] body, long? contentLength = null) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {contentLength ?? body.Length}\r\nConnection: close\r\n\r\n"), .. body];

    /// <summary>QIDO answers for one study with one series; WADO answers come from <paramref name="wado"/>.</summary>
    private static Func<string, byte[]> OneSeriesPacs(Func<byte[]> wado) => path =>
        path.StartsWith("/dicom-web/studies?", StringComparison.Ordinal)
            ? Http("application/dicom+json", Encoding.ASCII.GetBytes("[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]"))
            : path.Contains("/series?", StringComparison.Ordinal)
                ? Http("application/dicom+json", Encoding.ASCII.GetBytes("[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]},\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]}}]"))
                : wado();

    private static byte[] Multipart(string partType, byte[] content, bool close = true) =>
        [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: {partType}\r\n\r\n"), .. content, .. Encoding.ASCII.GetBytes(close ? $"\r\n--{Boundary}--\r\n" : "")];

    private static byte[] FakeDicom(int length)
    {
        var b = new byte[length];
        Encoding.ASCII.GetBytes("DICM").CopyTo(b, 128);
        return b;
    }

    private const string MultipartType = $"multipart/related; type=\"application/dicom\"; boundary={Boundary}";

    [Test]
    public void LoadSeriesAsync_ConnectionDroppedMidPart_SaysTheTransferWasCut()
    {
        byte[] partial = Multipart("application/dicom", FakeDicom(50_000), close: false)[..20_000];
        using var server = new RawHttpServer(OneSeriesPacs(() => Http(MultipartType, partial, contentLength: 60_000)), closeEarly: true);

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(server.Url, "1.2.3", new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain("part 1").And.Contain("/dicom-web/studies/1.2.3/series/1.2.3.4").And.Contain("try again").IgnoreCase);
    }

    [Test]
    public void LoadSeriesAsync_PartIsNotDicom_NamesThePartAndItsType()
    {
        byte[] body = Multipart("text/html", Encoding.ASCII.GetBytes("<html>login required</html>"));
        using var server = new RawHttpServer(OneSeriesPacs(() => Http(MultipartType, body)));

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(server.Url, "1.2.3", new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain("part 1").And.Contain("not a DICOM Part 10 file").And.Contain("text/html"));
    }

    [Test]
    public void LoadSeriesAsync_PartWithoutDicmMarker_SaysSo()
    {
        byte[] body = Multipart("application/dicom", new byte[400]);
        using var server = new RawHttpServer(OneSeriesPacs(() => Http(MultipartType, body)));

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(server.Url, "1.2.3", new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain("no 'DICM' marker at byte 128"));
    }

    [Test]
    public void LoadSeriesAsync_AnswerIsNotMultipart_SaysWhatCameInstead()
    {
        using var server = new RawHttpServer(OneSeriesPacs(() => Http("text/html", Encoding.ASCII.GetBytes("<html/>"))));

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(server.Url, "1.2.3", new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain("Content-Type 'text/html'").And.Contain("expected multipart/related"));
    }

    [Test]
    public void LoadSeriesAsync_ServerStallsMidBody_GivesUpAfterTheStallTimeout()
    {
        byte[] partial = Multipart("application/dicom", FakeDicom(5_000), close: false)[..1_000];
        using var server = new RawHttpServer(OneSeriesPacs(() => Http(MultipartType, partial, contentLength: 10_000)), holdOpen: TimeSpan.FromSeconds(20));
        var options = new DicomWebOptions { StallTimeout = TimeSpan.FromSeconds(1) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(server.Url, "1.2.3", new DicomLoadOptions(), options));

        Assert.That(e!.Message, Does.Contain("stopped sending for 1 s"));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(10), "the stall must end the transfer, not the server's hold");
    }

    [Test]
    public void LoadSeriesAsync_QidoAnswerIsNotJson_SaysInvalidJson()
    {
        using var server = new RawHttpServer(_ => Http("application/dicom+json", Encoding.ASCII.GetBytes("{not json")));

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(server.Url, "1.2.3", new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain("invalid JSON"));
    }

    [TestCase("1.2.3/../../admin", "not a DICOM study UID")]
    [TestCase("", "not a DICOM study UID")]
    public void LoadSeriesAsync_StudyUidNotAUid_IsRefusedBeforeAnyRequest(string uid, string expected)
    {
        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync("dicomweb+http://127.0.0.1:1/dicom-web", uid, new DicomLoadOptions()));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [TestCase("ftp://host/dicom-web")]
    [TestCase("dicomweb+http://")]
    [TestCase("http://host/dicom-web?x=1")]
    public void SearchStudiesAsync_NotAnHttpUrl_SaysHowToWriteIt(string url)
    {
        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.SearchStudiesAsync(url, new StudyQuery()));
        Assert.That(e!.Message, Does.Contain("is not a DICOMweb URL").And.Contain("dicomweb+http://host:port/dicom-web"));
    }
}
