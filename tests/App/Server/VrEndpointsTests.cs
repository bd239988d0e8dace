using System.Net;
using System.Text.Json;
using SurgicalNav.App.Server;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Tests.Server;

/// <summary>The VR view's endpoints: the CT texture, the rehearsal and the necrosis mesh, with bad requests.</summary>
public sealed class VrEndpointsTests
{
    private string _case = "";
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _case = SyntheticCase.Create();
        _server = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0), CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_case, recursive: true);
    }

    [Test]
    public async Task GetVolumeTexture_Size16_BlockMeansOfTheCtMappedFromHuToOneGreyLevel()
    {
        using var response = await _http.GetAsync("/api/case/volume-texture?size=16");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // 40 voxels on the longest axis to at most 16: factor 3, so 14 x 14 x 10 voxels of 6 mm.
        Assert.That(Header(response, "X-Dimensions"), Is.EqualTo("14,14,10"));
        Assert.That(Header(response, "X-Spacing-Mm"), Is.EqualTo("6,6,6"));
        Assert.That(Header(response, "X-Origin-Mm"), Is.EqualTo("-38,-38,2"), "the first voxel is the centre of the first 3x3x3 block");
        Assert.That(Header(response, "X-Hu-Min"), Is.EqualTo("-1000"));
        Assert.That(Header(response, "X-Hu-Max"), Is.EqualTo("1000"));
        byte[] voxels = await response.Content.ReadAsByteArrayAsync();
        Assert.That(voxels, Has.Length.EqualTo(14 * 14 * 10));
        double huPerStep = 2000 / 255.0;
        int worst = 0;
        for (int k = 0; k < 10; k++) for (int j = 0; j < 14; j++) for (int i = 0; i < 14; i++)
        {
            double mean = BlockMean(i, j, k, 3);
            double expected = Math.Clamp((mean + 1000) / huPerStep, 0, 255);
            int v = voxels[(k * 14 + j) * 14 + i];
            worst = Math.Max(worst, (int)Math.Ceiling(Math.Abs(v - expected)));
            Assert.That(v, Is.EqualTo(expected).Within(1), $"voxel ({i},{j},{k}): block mean {mean:0.0} HU");
        }
        // The range: HU 0 (corner) maps to 128 and values beyond +1000 HU clamp to 255.
        Assert.That(voxels[0], Is.EqualTo(Math.Round((BlockMean(0, 0, 0, 3) + 1000) / huPerStep)).Within(1));
        Assert.That(voxels.Max(), Is.EqualTo(255), "the synthetic CT reaches 1677 HU, above the window");
    }

    [Test]
    public async Task GetVolumeTexture_CustomWindow_MapsThatWindowWithTwoHuPerStep()
    {
        using var response = await _http.GetAsync("/api/case/volume-texture?size=40&huMin=0&huMax=510");
        Assert.That(Header(response, "X-Dimensions"), Is.EqualTo("40,40,30"), "a CT within the budget keeps its grid");
        byte[] voxels = await response.Content.ReadAsByteArrayAsync();
        // HU = i + 40 j + 3 k; at (5, 2, 1): 88 HU -> 44 steps of 2 HU.
        Assert.That(voxels[(1 * 40 + 2) * 40 + 5], Is.EqualTo(44));
        Assert.That(voxels[(29 * 40 + 39) * 40 + 39], Is.EqualTo(255), "above the window clamps to 255");
    }

    [TestCase("size=8", "size")]
    [TestCase("size=100000", "size")]
    [TestCase("size=abc", "size")]
    [TestCase("size=64.5", "size")]
    [TestCase("huMin=500&huMax=100", "huMin")]
    [TestCase("huMin=NaN", "huMin")]
    public async Task GetVolumeTexture_BadQuery_400NamingTheParameter(string query, string named)
    {
        using var response = await _http.GetAsync($"/api/case/volume-texture?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(named));
    }

    [Test]
    public async Task GetRehearsal_PlanWithoutNeedles_PlaysTheChosenPathAndSaysWhyThereIsNoZone()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/api/case/rehearsal"));
        var needles = doc.RootElement.GetProperty("needles");
        Assert.That(needles.GetArrayLength(), Is.EqualTo(1));
        var n = needles[0];
        Assert.That(n.GetProperty("targetMm")[2].GetDouble(), Is.EqualTo(SyntheticCase.Target.Z));
        Assert.That(n.GetProperty("entryMm")[1].GetDouble(), Is.EqualTo(SyntheticCase.Entry.Y));
        Assert.That(n.TryGetProperty("zone", out _), Is.False, "no zone without device settings");
        Assert.That(n.GetProperty("zoneNote").GetString(), Does.Contain("--device"));
    }

    [TestCase("0")]
    [TestCase("101")]
    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("1e1")]
    public async Task GetNecrosis_BadNeedleNumber_400(string number)
    {
        using var response = await _http.GetAsync($"/api/case/simulation/{number}/necrosis.glb");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("1 to 100"));
    }

    [Test]
    public async Task GetNecrosis_NoSimulation_404SayingToRunSimulate()
    {
        using var response = await _http.GetAsync("/api/case/simulation/2/necrosis.glb");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("simulate CASE --needle 2"));
    }

    [Test]
    public async Task PostTargetOnRay_RayThroughBodyAndVessel_ListsTheCrossingsAndPutsNoTargetOutsideATumour()
    {
        // Along +x at y = 0, z = 30 mm from x = -60: body from x = -34 (voxel faces every 2 mm from -41), the vessel
        // around x = 12 (r 4 mm), body again; the synthetic case has no tumour, so no target.
        using var response = await _http.PostAsync("/api/case/target-on-ray", Body("{\"originMm\":[-60,0,30],\"direction\":[3,0,0]}"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        // Null members are left out of the compact JSON.
        Assert.That(root.TryGetProperty("targetMm", out _), Is.False, "no target without a tumour on the ray");
        Assert.That(root.TryGetProperty("segment", out _), Is.False);
        var crossings = root.GetProperty("crossings").EnumerateArray().Select(c => (c.GetProperty("segment").GetString(), c.GetProperty("enterMm").GetDouble(), c.GetProperty("exitMm").GetDouble())).ToList();
        Assert.That(crossings.Select(c => c.Item1), Is.EqualTo(new[] { "body", "vessels", "body" }));
        Assert.That(crossings[1].Item2, Is.EqualTo(60 + 9).Within(1e-9), "the vessel's first voxel centre is x = 10 mm, its face x = 9 mm");
        Assert.That(crossings[1].Item3, Is.EqualTo(60 + 15).Within(1e-9));
    }

    [TestCase("{\"originMm\":[0,0,30]}", "direction")]
    [TestCase("{\"originMm\":[0,0,30],\"direction\":[0,0,0]}", "no length")]
    [TestCase("{\"originMm\":[1e9,0,30],\"direction\":[1,0,0]}", "100 m")]
    [TestCase("{\"originMm\":[0,0],\"direction\":[1,0,0]}", "originMm")]
    [TestCase("not json", "originMm")]
    public async Task PostTargetOnRay_BadRay_400SayingWhatToSend(string body, string named)
    {
        using var response = await _http.PostAsync("/api/case/target-on-ray", Body(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(named));
    }

    private static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static double BlockMean(int i, int j, int k, int f)
    {
        double sum = 0;
        int n = 0;
        for (int z = k * f; z < Math.Min((k + 1) * f, 30); z++)
            for (int y = j * f; y < Math.Min((j + 1) * f, 40); y++)
                for (int x = i * f; x < Math.Min((i + 1) * f, 40); x++) { sum += SyntheticCase.Hu(x, y, z); n++; }
        return Math.Round(sum / n);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(',', c) : "";
}
