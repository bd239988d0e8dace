using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using SurgicalNav.App.Server;

namespace SurgicalNav.App.Tests.Server;

/// <summary>The pairing token, checked as for a headset on the LAN (loopback not trusted).</summary>
public sealed class PairingGuardTests
{
    private const string Token = "K7PQ2MZX";
    private string _case = "";
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
    {
        _case = SyntheticCase.Create();
        _server = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0, PairingToken: Token, TrustLoopback: false), CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_case, recursive: true);
    }

    [TestCase("/api/case")]
    [TestCase("/api/case/volume")]
    [TestCase("/api/case/plan")]
    [TestCase("/api/health")]
    [TestCase("/API/CASE")]
    public async Task Get_NoToken_Returns401SayingWhereTheTokenIs(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("pairing token").And.Not.Contain("synthetic"));
    }

    [Test]
    public async Task Get_WrongToken_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/case");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "K7PQ2MZY");
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("wrong pairing token"));
    }

    [Test]
    public async Task Get_TokenAsHeaderOrQuery_ServesTheCase()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/case");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var byHeader = await _http.SendAsync(request);
        Assert.That(byHeader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var byQuery = await _http.GetAsync($"/api/case?token={Token}");
        Assert.That(byQuery.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await byQuery.Content.ReadAsStringAsync(), Does.Contain("synthetic"));
    }

    [Test]
    public async Task Get_SixthWrongTokenWithinAMinute_Returns429EvenForTheRightToken()
    {
        for (int i = 0; i < 5; i++)
        {
            using var wrong = await _http.GetAsync($"/api/case?token=WRONG{i}XX");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {i + 1}");
        }
        using var locked = await _http.GetAsync($"/api/case?token={Token}");
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(locked.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        Assert.That(_server.Guard.Rejected, Is.EqualTo(6));
    }

    [Test]
    public async Task WebSocket_NoToken_IsRefusedWith401_WithTokenConnects()
    {
        var wsBase = new UriBuilder(_server.Url) { Scheme = "ws", Path = "/ws" };
        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(wsBase.Uri, CancellationToken.None));
        Assert.That(refused.HttpStatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        wsBase.Query = "token=" + Token;
        using var accepted = new ClientWebSocket();
        await accepted.ConnectAsync(wsBase.Uri, CancellationToken.None);
        Assert.That(accepted.State, Is.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task GetRoot_NoToken_ServesTheClientWhichHoldsNoPatientData()
    {
        using var response = await _http.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Get_FromLoopbackWhenTrusted_NeedsNoToken()
    {
        await using var trusting = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0, PairingToken: Token), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = trusting.Url };
        using var response = await http.GetAsync("/api/case");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void AttemptLimiter_AfterTheWindow_UnlocksTheAddress()
    {
        long now = 0;
        var limiter = new AttemptLimiter(3, TimeSpan.FromSeconds(60), () => now);
        for (int i = 0; i < 3; i++) limiter.Fail(IPAddress.Parse("10.0.0.7"));
        Assert.That(limiter.LockedOutSeconds(IPAddress.Parse("10.0.0.7")), Is.EqualTo(60));
        Assert.That(limiter.LockedOutSeconds(IPAddress.Parse("10.0.0.8")), Is.Zero, "other addresses are not affected");
        now = 60_001;
        Assert.That(limiter.LockedOutSeconds(IPAddress.Parse("10.0.0.7")), Is.Zero);
    }

    [Test]
    public void NewToken_IsEightUnambiguousCharactersAndDiffers()
    {
        string a = PairingGuard.NewToken(), b = PairingGuard.NewToken();
        Assert.That(a, Does.Match("^[A-HJ-NP-Z2-9]{8}$"));
        Assert.That(a, Is.Not.EqualTo(b));
    }
}
