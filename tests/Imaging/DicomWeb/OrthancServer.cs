using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SurgicalNav.Imaging.Tests.DicomWeb;

/// <summary>
/// A real Orthanc (Debian orthanc + orthanc-dicomweb) started by the test on a free loopback port, with its own
/// configuration, storage in a temporary folder, no DICOM listener, no remote access and no authentication. The
/// Debian service plays no part. Dispose kills the process and removes the folder.
/// </summary>
internal sealed class OrthancServer : IDisposable
{
    private const string Binary = "/usr/sbin/Orthanc";
    private static readonly string[] PluginCandidates = ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so", "/usr/lib/orthanc/libOrthancDicomWeb.so"];
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();

    private OrthancServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The REST root, http://127.0.0.1:PORT.</summary>
    public string RestUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The DICOMweb root as the CLI takes it.</summary>
    public string DicomWebUrl => $"dicomweb+http://127.0.0.1:{Port}/dicom-web";

    public static OrthancServer Start()
    {
        if (!File.Exists(Binary)) Assert.Ignore($"{Binary} is missing; install the Debian packages orthanc and orthanc-dicomweb (./nav does)");
        string plugin = PluginCandidates.FirstOrDefault(File.Exists)
            ?? Directory.EnumerateFiles("/usr/lib/orthanc", "libOrthancDicomWeb.so*").FirstOrDefault()
            ?? "";
        if (plugin.Length == 0) Assert.Ignore("the Orthanc DICOMweb plugin is missing; install the Debian package orthanc-dicomweb (./nav does)");

        string folder = Path.Combine(Path.GetTempPath(), "surgicalnav-orthanc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "db"));
        int port = FreePort();
        var config = new Dictionary<string, object>
        {
            ["Name"] = "SurgicalNavTest",
            ["StorageDirectory"] = Path.Combine(folder, "db"),
            ["IndexDirectory"] = Path.Combine(folder, "db"),
            ["HttpPort"] = port,
            ["HttpServerEnabled"] = true,
            ["DicomServerEnabled"] = false,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["HttpThreadsCount"] = 4,
            ["Plugins"] = new[] { plugin },
            ["DicomWeb"] = new Dictionary<string, object> { ["Enable"] = true, ["Root"] = "/dicom-web/", ["EnableWado"] = false },
        };
        string configPath = Path.Combine(folder, "orthanc.json");
        File.WriteAllText(configPath, JsonSerializer.Serialize(config));

        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        info.ArgumentList.Add(configPath);
        Process process = Process.Start(info)!;
        var server = new OrthancServer(process, folder, port);
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.WaitUntilReady();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private string LogText()
    {
        lock (_log) return _log.ToString();
    }

    private void WaitUntilReady()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited) Assert.Fail($"Orthanc exited with {_process.ExitCode} at start-up:\n{LogText()}");
            try
            {
                string plugins = http.GetStringAsync($"{RestUrl}/plugins").GetAwaiter().GetResult();
                if (!plugins.Contains("dicom-web", StringComparison.Ordinal)) Assert.Fail($"Orthanc runs but its DICOMweb plugin did not load ({plugins}):\n{LogText()}");
                return;
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(100);
            }
            catch (TaskCanceledException)
            {
                Thread.Sleep(100);
            }
        }
        Assert.Fail($"Orthanc did not answer /plugins within 30 s on port {Port}:\n{LogText()}");
    }

    /// <summary>Stores DICOM files through the REST API (POST /instances) and returns Orthanc's IDs of their series.</summary>
    public IReadOnlyList<string> Upload(IEnumerable<string> files)
    {
        using var http = new HttpClient();
        var series = new HashSet<string>();
        foreach (string file in files)
        {
            using var content = new ByteArrayContent(File.ReadAllBytes(file));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/dicom");
            using HttpResponseMessage response = http.PostAsync($"{RestUrl}/instances", content).GetAwaiter().GetResult();
            string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"upload of {file}: {body}");
            using JsonDocument json = JsonDocument.Parse(body);
            series.Add(json.RootElement.GetProperty("ParentSeries").GetString()!);
        }
        return series.ToList();
    }

    /// <summary>POSTs JSON to a REST path and returns the answer's JSON text (for /modify and friends).</summary>
    public string Post(string path, string json)
    {
        using var http = new HttpClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = http.PostAsync(RestUrl + path, content).GetAwaiter().GetResult();
        string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"POST {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>A loopback port that nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { TestContext.Out.WriteLine($"could not delete {_folder}"); }
        }
    }
}
