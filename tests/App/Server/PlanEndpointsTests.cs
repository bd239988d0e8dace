using System.Net;
using System.Text;
using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Tests.Server;

public sealed class PlanEndpointsTests
{
    private string _case = "";
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
    {
        _case = SyntheticCase.Create();
        _server = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0), CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_case, recursive: true);
    }

    [Test]
    public async Task Evaluate_PathPastTheVessel_ReturnsThePlannersClearances()
    {
        var entry = new Vec3(30, 10, 30);
        using var response = await Post("/api/case/evaluate", SyntheticCase.PathJson(entry, SyntheticCase.Target, "tumor 1"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var planner = new TrajectoryPlanner(SegNrrd.Read(Path.Combine(_case, CaseStore.LabelsFile)));
        Trajectory expected = planner.Evaluate("manual", new PlanTarget("tumor 1", SyntheticCase.Target, 5, 0.5), entry);
        Assert.That(json.RootElement.GetProperty("lengthMm").GetDouble(), Is.EqualTo(expected.LengthMm).Within(1e-6));
        Assert.That(json.RootElement.GetProperty("minClearanceMm").GetProperty("vessels").GetDouble(),
            Is.EqualTo(expected.MinClearanceMm["vessels"]).Within(1e-6));
        Assert.That(json.RootElement.GetProperty("meetsClearance").GetBoolean(), Is.EqualTo(expected.MeetsClearance));
        Assert.That(expected.MinClearanceMm["vessels"], Is.LessThan(6), "the path passes the vessel at x = 12 mm closely; the scene is not testing anything otherwise");
    }

    [Test]
    public async Task Accept_NewPath_BecomesTheChosenTrajectoryInCaseJson()
    {
        var entry = new Vec3(-30, 0, 30);
        using var response = await Post("/api/case/plan/accept", SyntheticCase.PathJson(entry, SyntheticCase.Target, "tumor 1"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Plan saved = CaseStore.Load(_case).Plan!;
        Assert.That(saved.Trajectories, Has.Count.EqualTo(1), "the accepted path replaces the old one for the same target");
        Assert.That(Vec3.Distance(saved.Trajectories[0].EntryMm, entry), Is.LessThan(1e-3));
        Assert.That(saved.Targets.Select(t => t.Name), Is.EqualTo(new[] { "tumor 1" }));
    }

    [TestCase("", "not a path request")]
    [TestCase("not json", "not a path request")]
    [TestCase("[]", "needs both")]
    [TestCase("{\"entryMm\":[1,2],\"targetMm\":[0,0,30]}", "not a path request")]
    [TestCase("{\"entryMm\":[\"a\",2,3],\"targetMm\":[0,0,30]}", "not a path request")]
    [TestCase("{\"entryMm\":[1000,0,0],\"targetMm\":[0,0,30]}", "outside the image")]
    [TestCase("{\"entryMm\":[0,0,30],\"targetMm\":[0,0,30.5]}", "less than 1 mm apart")]
    [TestCase("{\"entryMm\":[0,0,20],\"targetMm\":[0,0,30]}", "")]
    public async Task Evaluate_HostileBody_Returns400SayingWhatIsWrongOrAnswers(string body, string expected)
    {
        using var response = await Post("/api/case/evaluate", body);
        string text = await response.Content.ReadAsStringAsync();
        if (expected.Length == 0)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            return;
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(text, Does.Contain(expected));
    }

    [Test]
    public async Task Evaluate_BodyOver16KiB_Returns413()
    {
        string padding = new(' ', 16 * 1024 + 10);
        using var response = await Post("/api/case/evaluate", "{\"entryMm\":[0,0,20],\"targetMm\":[0,0,30]}" + padding);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Post_BodyOverTheServerLimit_IsRefusedAndTheServerStaysUp()
    {
        using var content = new ByteArrayContent(new byte[CaseServer.MaxRequestBodyBytes + 1]);
        using var response = await _http.PostAsync("/api/case/evaluate", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await _http.GetStringAsync("/api/health"), Does.Contain("ok"));
    }

    private Task<HttpResponseMessage> Post(string path, string body) =>
        _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
