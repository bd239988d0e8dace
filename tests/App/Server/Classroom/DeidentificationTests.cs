using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SurgicalNav.App.Server;
using SurgicalNav.App.Tests.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Imaging.Phantom;

namespace SurgicalNav.App.Tests.Server.Classroom;

/// <summary>
/// A case built through the real pipeline from a DICOM phantom with a known patient identity, in folders named
/// the way PACS exports name them (so the identity reaches case.json), served with the pairing token required
/// everywhere: a student (join code only) must find none of the identity in anything the server lets it fetch.
/// </summary>
[NonParallelizable]
public sealed class DeidentificationTests
{
    private const string Family = "Doe", Given = "Jane", PatientId = "NAVPID4711", StudyDate = "20240131", Accession = "ACC99817";
    private string _work = "";
    private string _case = "";
    private RunningServer _server = null!;
    private string _seriesUid = "";

    [OneTimeSetUp]
    public async Task BuildCase()
    {
        _work = CliProcess.TempDir();
        string export = Path.Combine(_work, $"{Family.ToUpperInvariant()}^{Given.ToUpperInvariant()}_{PatientId}_{StudyDate}_{Accession}");
        string dicom = Path.Combine(export, "CT");
        PhantomResult phantom = AbdomenPhantom.Generate(new PhantomOptions(new Int3(96, 96, 64), Seed: 3));
        DicomSeriesWriter.WriteCtSeries(phantom.Hounsfield, dicom,
            new CtSeriesInfo($"{Family}^{Given}", PatientId, StudyDate, $"CT abdomen {Family} {StudyDate}", "deid-test"));
        string truth = Path.Combine(_work, "truth.json");
        File.WriteAllText(truth, JsonSerializer.Serialize(phantom.Truth, NavJson.Options));
        _case = Path.Combine(_work, $"{Family} {Given} {PatientId}");
        var built = CliProcess.Run("case", dicom, "--out", _case, "--truth", truth);
        Assert.That(built.ExitCode, Is.Zero, built.StdErr);
        _seriesUid = JsonDocument.Parse(File.ReadAllText(Path.Combine(_case, "case.json"))).RootElement.GetProperty("volume").GetProperty("seriesInstanceUid").GetString()!;
        _server = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0, PairingToken: "TEACHER-TOKEN", TrustLoopback: false), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Clean()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    // A GLB's binary chunk is float geometry, where any three letters turn up by chance; its JSON chunk is the text.
    private static string Text(byte[] body)
    {
        if (body.Length >= 20 && Encoding.ASCII.GetString(body, 0, 4) == "glTF")
            return Encoding.UTF8.GetString(body, 20, (int)BitConverter.ToUInt32(body, 12));
        return Encoding.UTF8.GetString(body);
    }

    private string[] Identity() => [Family, Given, PatientId, "4711", StudyDate, "2024-01-31", Accession, _seriesUid];

    [Test]
    public async Task EveryStudentResponse_PhantomWithKnownIdentity_HoldsNoneOfIt()
    {
        using var teacher = new HttpClient { BaseAddress = _server.Url };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", "TEACHER-TOKEN");
        // The teacher's own case carries the identity, so the scan below can fail.
        string teacherCase = await teacher.GetStringAsync("/api/case");
        Assert.That(teacherCase, Does.Contain(Family).And.Contain(PatientId).And.Contain(StudyDate).And.Contain(_seriesUid));
        using var started = JsonDocument.Parse(await (await teacher.PostAsync("/api/classroom", new StringContent("{}"))).Content.ReadAsStringAsync());
        string code = started.RootElement.GetProperty("code").GetString()!;
        string teacherKey = started.RootElement.GetProperty("teacherKey").GetString()!;

        using var student = new HttpClient { BaseAddress = _server.Url };
        var joined = await student.PostAsync("/classroom/join", new StringContent(JsonSerializer.Serialize(new { code, name = "s" }), Encoding.UTF8, "application/json"));
        Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        string key = JsonDocument.Parse(await joined.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        student.DefaultRequestHeaders.Authorization = new("Bearer", key);

        // The teacher hides a segment, so the shared state a student receives is not empty.
        using var teacherSocket = await ClassroomSocket.ConnectAsync(_server.Url, teacherKey);
        (await teacherSocket.ReceiveAsync("welcome")).Dispose();
        await teacherSocket.SendAsync("""{"type":"visibility","segment":"liver","visible":false}""");
        await teacherSocket.SendAsync("""{"type":"camera","positionMm":[0,-500,100],"targetMm":[0,0,100],"upUnit":[0,0,1]}""");

        var bodies = new Dictionary<string, byte[]>();
        var endpoints = _server.RoutePatterns("GET").ToList();
        Assert.That(endpoints, Does.Contain("/classroom/case").And.Contain("/classroom/anatomy.glb"));
        foreach (string pattern in endpoints)
        {
            if (pattern == "/classroom/ws") continue;
            string path = pattern.Replace("{**path}", "x");
            using var response = await student.GetAsync(path + (pattern.StartsWith("/api/case/") ? "?level=0" : ""));
            bodies[$"GET {path} ({(int)response.StatusCode})"] = await response.Content.ReadAsByteArrayAsync();
            bodies[$"GET {path} headers"] = Encoding.UTF8.GetBytes(string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
            if (pattern.StartsWith("/api/"))
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized).Or.EqualTo(HttpStatusCode.TooManyRequests), $"a student reached {path}");
        }
        Assert.That(bodies.Keys.Where(k => k.Contains("(200)")), Has.Some.Contains("/classroom/case").And.Some.Contains("/classroom/anatomy.glb"));
        foreach (string file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "wwwroot"), "*", SearchOption.AllDirectories))
        {
            string rel = "/" + Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "wwwroot"), file).Replace('\\', '/');
            bodies["GET " + rel] = await student.GetByteArrayAsync(rel);
        }
        using (var ws = await ClassroomSocket.ConnectAsync(_server.Url, key))
        {
            using var welcome = await ws.ReceiveAsync("welcome");
            bodies["ws welcome"] = Encoding.UTF8.GetBytes(welcome.RootElement.GetRawText());
            Assert.That(welcome.RootElement.GetProperty("state").GetProperty("visibility").GetProperty("liver").GetBoolean(), Is.False);
        }

        using var deidentified = JsonDocument.Parse(bodies.First(b => b.Key.StartsWith("GET /classroom/case (200)")).Value);
        Assert.That(deidentified.RootElement.GetProperty("volume").GetProperty("seriesInstanceUid").GetString(), Does.StartWith("2.25."));
        Assert.That(deidentified.RootElement.GetProperty("plan").GetProperty("trajectories").GetArrayLength(), Is.GreaterThan(0), "the plan still reaches the students");
        foreach ((string what, byte[] body) in bodies)
        {
            string text = Text(body);
            foreach (string secret in Identity())
            {
                var word = new System.Text.RegularExpressions.Regex($"(?<![A-Za-z0-9]){System.Text.RegularExpressions.Regex.Escape(secret)}(?![A-Za-z0-9])",
                    System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                Assert.That(word.IsMatch(text), Is.False, $"{what} contains '{secret}'");
            }
        }
        TestContext.Out.WriteLine($"scanned {bodies.Count} student-reachable responses: {string.Join(", ", bodies.Keys)}");
    }
}
