using System.Text.Json;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>The plan command on a small phantom case built with truth seeds: JSON shape, bad input leaves the plan unchanged, undo.</summary>
public class PlanCommandTests : PhantomCaseFixture
{
    private string CaseJson() => File.ReadAllText(Path.Combine(Case, "case.json"));

    [Test]
    public void Plan_Json_BestInLpsWithClearancesAndCandidateCount()
    {
        CliProcess.Result r = CliProcess.Run("plan", Case, "--target", "tumor", "--auto", "--json");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using JsonDocument doc = JsonDocument.Parse(r.StdOut);
        JsonElement best = doc.RootElement.GetProperty("best");
        double[] entry = best.GetProperty("entryMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] target = best.GetProperty("targetMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double length = Math.Sqrt(entry.Zip(target, (a, b) => (a - b) * (a - b)).Sum());
        Assert.Multiple(() =>
        {
            Assert.That(best.GetProperty("lengthMm").GetDouble(), Is.EqualTo(length).Within(1e-3), "points are written to 0.1 um");
            Assert.That(best.GetProperty("minClearanceMm").GetProperty("vessels").GetDouble(), Is.GreaterThanOrEqualTo(3));
            Assert.That(best.GetProperty("minClearanceMm").GetProperty("bone").GetDouble(), Is.GreaterThanOrEqualTo(2));
            Assert.That(doc.RootElement.GetProperty("candidates").GetInt32(), Is.GreaterThan(0));
        });
    }

    [TestCase("--device", "nope", "--power", "60", "unknown ablation device 'nope'")]
    [TestCase("--device", "generic-mwa-2450", "--power", "61", "no zone for 61 W")]
    [TestCase("--target", "999,0,0", "--auto", "", "outside the image")]
    [TestCase("--needle-length-mm", "20", "--auto", "", "longer needle")]
    public void Plan_BadInput_ClearMessageAndSavedPlanUnchanged(string o1, string v1, string o2, string v2, string expected)
    {
        string before = CaseJson();
        int versions = Directory.Exists(Path.Combine(Case, "plans")) ? Directory.GetFiles(Path.Combine(Case, "plans")).Length : 0;
        string[] args = new[] { "plan", Case, o1, v1, o2, v2 }.Where(s => s.Length > 0).ToArray();
        if (o1 == "--device") args = [.. args, "--time", "600"];

        CliProcess.Result r = CliProcess.Run(args);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain(expected));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(CaseJson(), Is.EqualTo(before), "case.json untouched");
        int after = Directory.Exists(Path.Combine(Case, "plans")) ? Directory.GetFiles(Path.Combine(Case, "plans")).Length : 0;
        Assert.That(after, Is.EqualTo(versions), "no plan version written");
    }

    [Test]
    public void Plan_ThenUndo_RestoresThePreviousPlan()
    {
        Assert.That(CliProcess.Run("plan", Case, "--auto").ExitCode, Is.Zero);
        string before = CaseJson();
        CliProcess.Result manual = CliProcess.Run("plan", Case, "--target", "tumor", "--entry", "0,-150,150");
        Assert.That(manual.ExitCode, Is.Zero, manual.StdErr);
        Assert.That(CaseJson(), Is.Not.EqualTo(before));

        CliProcess.Result undo = CliProcess.Run("plan", Case, "--undo");

        Assert.That(undo.ExitCode, Is.Zero, undo.StdErr);
        Assert.That(undo.StdOut, Does.Contain("back to version"));
        using JsonDocument a = JsonDocument.Parse(before), b = JsonDocument.Parse(CaseJson());
        Assert.That(b.RootElement.GetProperty("plan").GetRawText(), Is.EqualTo(a.RootElement.GetProperty("plan").GetRawText()));
    }
}
