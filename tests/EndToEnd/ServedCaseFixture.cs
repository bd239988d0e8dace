using Microsoft.Playwright;
using SurgicalNav.App.Server;
using SurgicalNav.EndToEnd.Tests.TestData;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>A fixture base: the small test case in a temporary folder, served on a free loopback port, and one headless Chromium.</summary>
public abstract class ServedCaseFixture
{
    /// <summary>The case folder (deleted after the fixture).</summary>
    protected string CaseDirectory { get; private set; } = "";

    /// <summary>The running server for <see cref="CaseDirectory"/>.</summary>
    protected RunningServer Server { get; private set; } = null!;

    /// <summary>The browser pages are opened in.</summary>
    protected IBrowser Chromium { get; private set; } = null!;

    private IPlaywright _playwright = null!;

    /// <summary>Builds the case, starts the server and the browser.</summary>
    [OneTimeSetUp]
    public async Task StartServedCase()
    {
        CaseDirectory = Path.Combine(Path.GetTempPath(), $"surgicalnav-e2e-{GetType().Name}-{Guid.NewGuid():N}");
        await CreateCaseAsync(CaseDirectory);
        Server = await CaseServer.StartAsync(await PrepareAsync(CaseDirectory), CancellationToken.None);
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    /// <summary>Builds the case folder the fixture serves: the small test case unless a fixture needs another.</summary>
    protected virtual Task CreateCaseAsync(string caseDirectory)
    {
        TestCase.Create(caseDirectory);
        return Task.CompletedTask;
    }

    /// <summary>Readies the built case before the server starts and says how to serve it (default: loopback, a free port).</summary>
    protected virtual Task<CaseServerOptions> PrepareAsync(string caseDirectory) => Task.FromResult(new CaseServerOptions(caseDirectory, Port: 0));

    /// <summary>Stops what <see cref="PrepareAsync"/> started, after the server has stopped.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    /// <summary>Waits up to 15 s for case.json's chosen trajectory to end at <paramref name="target"/> (1 µm) and returns it.</summary>
    protected Trajectory WaitForSavedTarget(Vec3 target) => SavedPlan.WaitForTarget(CaseDirectory, target);

    /// <summary>Stops the browser and the server and deletes the case.</summary>
    [OneTimeTearDown]
    public async Task StopServedCase()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        await CleanUpAsync();
        if (Directory.Exists(CaseDirectory)) Directory.Delete(CaseDirectory, recursive: true);
    }
}
