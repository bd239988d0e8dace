using System.Net;
using System.Text.Json;
using SurgicalNav.App.Server;

namespace SurgicalNav.App.Tests.Server;

public sealed class CaseServerTests
{
    private const string CaseJson = """
        {"formatVersion":1,"name":"server test","segments":[],"plan":{"targets":[],"trajectories":[],"marginMm":5,"requiredClearanceMm":{"vessels":3}}}
        """;

    private string _root = "";
    private string _caseDirectory = "";

    [SetUp]
    public void CreateCase()
    {
        _root = Path.Combine(Path.GetTempPath(), $"surgicalnav-server-{Guid.NewGuid():N}");
        _caseDirectory = Path.Combine(_root, "case");
        Directory.CreateDirectory(_caseDirectory);
        File.WriteAllText(Path.Combine(_caseDirectory, "case.json"), CaseJson);
        File.WriteAllBytes(Path.Combine(_caseDirectory, "anatomy.glb"), [0x67, 0x6C, 0x54, 0x46, 2, 0, 0, 0]);
        File.WriteAllText(Path.Combine(_caseDirectory, "secret.txt"), "inside");
        File.WriteAllText(Path.Combine(_root, "secret.txt"), "outside");
    }

    [TearDown]
    public void DeleteCase() => Directory.Delete(_root, recursive: true);

    [Test]
    public void StartAsync_MissingFolder_ThrowsCaseNotFoundSayingHowToCreateOne()
    {
        string missing = Path.Combine(_root, "nope");
        var error = Assert.ThrowsAsync<CaseNotFoundException>(() => CaseServer.StartAsync(new CaseServerOptions(missing, Port: 0), CancellationToken.None));
        Assert.That(error!.Message, Does.Contain(missing).And.Contain("surgicalnav case DICOM_DIR --out").And.Contain("./nav demo"));
    }

    [Test]
    public void StartAsync_FolderWithoutCaseJson_ThrowsCaseNotFound()
    {
        File.Delete(Path.Combine(_caseDirectory, "case.json"));
        var error = Assert.ThrowsAsync<CaseNotFoundException>(() => CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("case.json"));
    }

    [Test]
    public async Task StartAsync_PortZero_ListensOnLoopbackWithARealPort()
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        Assert.That(server.Url.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(server.Url.Port, Is.Not.Zero);
    }

    [Test]
    public async Task GetCase_ServesCaseJsonVerbatim()
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.GetAsync("/api/case");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(CaseJson));
    }

    [Test]
    public async Task GetPlan_CaseWithPlan_ReturnsThePlanProperty()
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var plan = JsonDocument.Parse(await http.GetStringAsync("/api/case/plan"));
        Assert.That(plan.RootElement.GetProperty("marginMm").GetDouble(), Is.EqualTo(5));
    }

    [Test]
    public async Task GetAnatomy_ServesGlbAsGltfBinary()
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.GetAsync("/api/case/anatomy.glb");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("model/gltf-binary"));
        Assert.That((await response.Content.ReadAsByteArrayAsync()).Length, Is.EqualTo(8));
    }

    [Test]
    public async Task GetHealth_ReturnsStatusOk()
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        Assert.That(await http.GetStringAsync("/api/health"), Is.EqualTo("{\"status\":\"ok\"}"));
    }

    [TestCase("/api/case/secret.txt")]
    [TestCase("/api/case/..%2Fsecret.txt")]
    [TestCase("/api/case/%2E%2E/secret.txt")]
    [TestCase("/secret.txt")]
    [TestCase("/..%2Fsecret.txt")]
    [TestCase("/api/case/..%2F..%2Fcase%2Fsecret.txt")]
    public async Task Get_PathOtherThanTheFixedCaseFiles_IsNotServed(string path)
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.That(body, Does.Not.Contain("inside").And.Not.Contain("outside"), $"{path} leaked a file ({response.StatusCode})");
    }

    [Test]
    public async Task GetRoot_BuiltWebClient_ServesIndexHtml()
    {
        await using var server = await CaseServer.StartAsync(new CaseServerOptions(_caseDirectory, Port: 0), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "is src/Rendering/web/dist built and copied to wwwroot?");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<title>SurgicalNav</title>"));
    }
}
