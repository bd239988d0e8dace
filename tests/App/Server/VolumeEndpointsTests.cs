using System.Net;
using System.Runtime.InteropServices;
using SurgicalNav.App.Server;
using SurgicalNav.Imaging;

namespace SurgicalNav.App.Tests.Server;

public sealed class VolumeEndpointsTests
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
    public async Task GetVolume_Level0_ReturnsEveryVoxelInHuWithGeometryHeaders()
    {
        using var response = await _http.GetAsync("/api/case/volume");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "X-Dimensions"), Is.EqualTo("40,40,30"));
        Assert.That(Header(response, "X-Spacing-Mm"), Is.EqualTo("2,2,2"));
        Assert.That(Header(response, "X-Origin-Mm"), Is.EqualTo("-40,-40,0"));
        Assert.That(Header(response, "X-Direction"), Is.EqualTo("1,0,0,0,1,0,0,0,1"));
        short[] hu = MemoryMarshal.Cast<byte, short>(await response.Content.ReadAsByteArrayAsync()).ToArray();
        Assert.That(hu, Has.Length.EqualTo(40 * 40 * 30));
        Assert.That(hu[(7 * 40 + 5) * 40 + 3], Is.EqualTo(SyntheticCase.Hu(3, 5, 7)));
    }

    [Test]
    public async Task GetVolume_Level1_IsTheBlockMeanWithOriginAtTheBlockCentre()
    {
        using var response = await _http.GetAsync("/api/case/volume?level=1");
        Assert.That(Header(response, "X-Dimensions"), Is.EqualTo("20,20,15"));
        Assert.That(Header(response, "X-Spacing-Mm"), Is.EqualTo("4,4,4"));
        Assert.That(Header(response, "X-Origin-Mm"), Is.EqualTo("-39,-39,1"), "the first voxel is the centre of the first 2x2x2 block");
        short[] hu = MemoryMarshal.Cast<byte, short>(await response.Content.ReadAsByteArrayAsync()).ToArray();
        // The HU are linear in the index, so a block mean equals the value at the block centre (i, j, k) + 0.5.
        double expected = (2 * 3 + 0.5) + 40 * (2 * 4 + 0.5) + 3 * (2 * 5 + 0.5);
        Assert.That(hu[(5 * 20 + 4) * 20 + 3], Is.EqualTo(expected).Within(0.5));
    }

    [Test]
    public async Task GetLabels_Level0_ReturnsLabelValues()
    {
        byte[] labels = await _http.GetByteArrayAsync("/api/case/labels");
        Assert.That(labels, Has.Length.EqualTo(40 * 40 * 30));
        Int3 vessel = SyntheticCase.Geometry.NearestVoxel(new Vec3(12, 0, 30))!.Value;
        Int3 outside = SyntheticCase.Geometry.NearestVoxel(new Vec3(-39, -39, 30))!.Value;
        Assert.That(labels[(vessel.Z * 40 + vessel.Y) * 40 + vessel.X], Is.EqualTo(3));
        Assert.That(labels[(outside.Z * 40 + outside.Y) * 40 + outside.X], Is.EqualTo(0));
    }

    [TestCase("-1")]
    [TestCase("5")]
    [TestCase("abc")]
    [TestCase("1e3")]
    public async Task GetVolume_BadLevel_Returns400NamingTheRange(string level)
    {
        using var response = await _http.GetAsync($"/api/case/volume?level={level}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("level must be an integer 0 to 4"));
    }

    [Test]
    public void Geometry_Factor2_KeepsPatientPositionOfBlockCentres()
    {
        ImageGeometry down = VolumePyramid.Geometry(SyntheticCase.Geometry, 2);
        Vec3 centreOfBlock = SyntheticCase.Geometry.IndexToPatient(2 * 6 + 0.5, 2 * 7 + 0.5, 2 * 3 + 0.5);
        Assert.That(Vec3.Distance(down.IndexToPatient(6, 7, 3), centreOfBlock), Is.LessThan(1e-9));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(missing)";
}
