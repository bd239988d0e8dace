using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// The laser's ray casts on a mesh six times the test case's: a 240x240x160 phantom meshed without decimation
/// (about 0.9 M triangles, the size of the default demo's anatomy). Same hits with and without the bounding-volume
/// trees, and the time of each. Explicit: building the case takes minutes on this machine.
/// </summary>
[TestFixture]
[NonParallelizable]
[Explicit("builds a 240x240x160 case with a 0.9 M-triangle mesh (about 2-3 minutes here); run with --filter VrRaycastLargeMeshTests")]
public sealed class VrRaycastLargeMeshTests : ServedCaseFixture
{
    /// <summary>The 240x240x160 phantom case, its anatomy meshed again without decimation.</summary>
    protected override async Task CreateCaseAsync(string caseDirectory)
    {
        Assert.That(await SurgicalNav.App.Program.Main(["demo", "--headless", "--json", "--size", "240x240x160", "--seed", "3", "--device", "cpu", "--out", caseDirectory]), Is.Zero);
        string labels = Path.Combine(caseDirectory, CaseStore.LabelsFile), anatomy = Path.Combine(caseDirectory, CaseStore.AnatomyFile);
        Assert.That(await SurgicalNav.App.Program.Main(["mesh", labels, "--out", anatomy, "--max-triangles", "2000000"]), Is.Zero);
    }

    [Test]
    public async Task RayCasts_OnAMillionTriangleAnatomy_SameHitsWithTheTreeAndFarFaster()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync(new Uri(Server.Url, "/").ToString());
        await XrDriver.WaitAsync(page, "() => window.__surgicalnav && (window.__surgicalnav.ready || window.__surgicalnav.errors.length > 0)", 120_000);
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        // The desktop view builds no trees; the comparison builds them all first (timed apart from the casts).
        Vec3 tumour = CaseStore.Load(CaseDirectory).Plan!.Targets[0].CenterMm;
        var (distances, hits, treeMs, bruteMs) = await VrHandsTests.ComparePicksAsync(page, tumour, 100, 200);
        int triangles = await page.EvaluateAsync<int>("() => window.__surgicalnav.raycast.triangles");
        double buildMs = await page.EvaluateAsync<double>("() => window.__surgicalnav.raycast.buildMs");
        double longestMs = await page.EvaluateAsync<double>("() => window.__surgicalnav.raycast.longestBuildMs");
        Assert.That(triangles, Is.GreaterThan(800_000), "the undecimated mesh of the large case");
        TestContext.Out.WriteLine($"{triangles} triangles (trees built in {buildMs:0} ms, the longest mesh {longestMs:0} ms): {distances.Count} rays, {hits} hits; " +
                                  $"tree {treeMs / distances.Count:0.000} ms a ray, every triangle {bruteMs / distances.Count:0.000} ms a ray " +
                                  $"({bruteMs / treeMs:0}x; load {File.ReadAllText("/proc/loadavg").Trim()})");
        Assert.That(hits, Is.GreaterThan(100));
        Assert.That(distances.Max(), Is.LessThan(0.01), "every hit within 0.01 mm of the every-triangle hit (mm)");
        Assert.That(treeMs * 10, Is.LessThan(bruteMs), "the tree makes casts at least 10x cheaper on this mesh");
        await page.CloseAsync();
    }
}
