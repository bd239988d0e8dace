using System.Net;
using System.Security.Cryptography.X509Certificates;
using SurgicalNav.App.Server;

namespace SurgicalNav.App.Tests.Server;

public sealed class ServerCertificateTests
{
    private string _dir = "";

    [SetUp]
    public void Create() => _dir = Path.Combine(Path.GetTempPath(), $"surgicalnav-cert-{Guid.NewGuid():N}");

    [TearDown]
    public void Delete()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void LoadOrCreate_SecondRun_KeepsTheSameCertificateWithOwnerOnlyFile()
    {
        using X509Certificate2 first = ServerCertificate.LoadOrCreate(_dir);
        using X509Certificate2 second = ServerCertificate.LoadOrCreate(_dir);
        Assert.That(second.Thumbprint, Is.EqualTo(first.Thumbprint));
        Assert.That(second.HasPrivateKey, Is.True);
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(_dir, ServerCertificate.FileName)),
                Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        Assert.That(second.NotAfter, Is.GreaterThan(DateTime.Now.AddYears(4)));
    }

    [Test]
    public void CreateSelfSigned_LanAddress_IsASubjectAlternativeName()
    {
        using X509Certificate2 cert = ServerCertificate.CreateSelfSigned([IPAddress.Parse("192.168.1.20")]);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.That(san.EnumerateIPAddresses().Select(a => a.ToString()), Is.EquivalentTo(new[] { "127.0.0.1", "192.168.1.20" }));
        Assert.That(san.EnumerateDnsNames(), Does.Contain("localhost"));
    }

    [Test]
    public void LoadPfx_NotAPfx_SaysWhatItMustBe()
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "bad.pfx");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot really\n");
        var error = Assert.Throws<InvalidDataException>(() => ServerCertificate.LoadPfx(path, null));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("PKCS#12"));
    }

    [Test]
    public void LoadPfx_Missing_NamesTheFile()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ServerCertificate.LoadPfx(Path.Combine(_dir, "none.pfx"), null));
        Assert.That(error!.Message, Does.Contain("none.pfx").And.Contain("--cert"));
    }

    [Test]
    public async Task StartAsync_WithCertificate_ServesHttpsWithThatCertificate()
    {
        string caseDir = SyntheticCase.Create();
        try
        {
            using X509Certificate2 cert = ServerCertificate.LoadOrCreate(_dir);
            await using var server = await CaseServer.StartAsync(new CaseServerOptions(caseDir, Port: 0, Certificate: cert), CancellationToken.None);
            string? seen = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => { seen = presented?.Thumbprint; return presented?.Thumbprint == cert.Thumbprint; },
            };
            using var http = new HttpClient(handler);
            var url = new UriBuilder(server.Url) { Scheme = "https" }.Uri;
            Assert.That(server.Url.Scheme, Is.EqualTo("https"));
            Assert.That(await http.GetStringAsync(new Uri(url, "/api/health")), Does.Contain("ok"));
            Assert.That(seen, Is.EqualTo(cert.Thumbprint));
        }
        finally
        {
            Directory.Delete(caseDir, recursive: true);
        }
    }

    [Test]
    public void TerminalQr_Url_RendersASquareOfHalfBlocks()
    {
        string qr = SurgicalNav.App.Cli.TerminalQr.Render("https://192.168.1.20:8080/?token=K7PQ2MZX");
        string[] lines = qr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.GreaterThan(10));
        Assert.That(lines.Select(l => l.Length).Distinct().Count(), Is.EqualTo(1), "every row has the same width");
        Assert.That(qr, Does.Contain("█").Or.Contain("▀").Or.Contain("▄"));
    }
}
