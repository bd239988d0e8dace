using System.Text.Json;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>The simulate command on a small phantom case: needs a planned needle with device settings, writes label, mesh and summary.</summary>
public class SimulateCommandTests : PhantomCaseFixture
{
    [Test, Order(1)]
    public void Simulate_NeedleWithoutDeviceSettings_SaysToPlanWithADevice()
    {
        CliProcess.Result r = CliProcess.Run("simulate", Case, "--needle", "1");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("--device NAME --power W --time s"));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test, Order(2)]
    public void Simulate_PlannedNeedle_WritesNecrosisLabelMeshAndSummary()
    {
        CliProcess.Result plan = CliProcess.Run("plan", Case, "--target", "tumor", "--device", "generic-mwa-2450", "--power", "60", "--time", "600");
        Assert.That(plan.ExitCode, Is.Zero, plan.StdErr);

        CliProcess.Result r = CliProcess.Run("simulate", Case, "--needle", "1", "--device", "cpu", "--json");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using JsonDocument doc = JsonDocument.Parse(r.StdOut);
        JsonElement s = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(s.GetProperty("tableZoneMl").GetDouble(), Is.EqualTo(4.0 / 3 * Math.PI * 19 * 14 * 14 / 1000).Within(3), "38 x 28 mm ellipsoid, voxelised at 2 mm");
            Assert.That(s.GetProperty("necrosisMl").GetDouble(), Is.GreaterThan(5));
            Assert.That(s.GetProperty("dice").GetDouble(), Is.GreaterThan(0.6));
            Assert.That(s.GetProperty("maxTemperatureC").GetDouble(), Is.LessThanOrEqualTo(100.01));
            Assert.That(File.Exists(s.GetProperty("labels").GetString()), Is.True);
            Assert.That(new FileInfo(s.GetProperty("mesh").GetString()!).Length, Is.GreaterThan(1000), "a necrosis mesh");
            Assert.That(File.Exists(Path.Combine(Case, "simulation", "needle-1.json")), Is.True);
        });
    }

    [Test, Order(3)]
    public void Simulate_NeedleNumberBeyondThePlan_NamesTheRange()
    {
        CliProcess.Result r = CliProcess.Run("simulate", Case, "--needle", "9");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("pick --needle 1.."));
    }
}
