using System.Text.Json;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>The volumes command: segment volumes, a cut plane's remnant, and a malformed plane.</summary>
public class VolumesCommandTests : PhantomCaseFixture
{
    [Test]
    public void Volumes_CutThroughLiver_RemnantAndResectedAddUpAndAreSaved()
    {
        CliProcess.Result r = CliProcess.Run("volumes", Case, "--cut", "-60,0,215:-1,0,0", "--json");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using JsonDocument doc = JsonDocument.Parse(r.StdOut);
        double liver = doc.RootElement.GetProperty("volumesMl").GetProperty("liver").GetDouble();
        JsonElement cut = doc.RootElement.GetProperty("resection");
        Assert.Multiple(() =>
        {
            Assert.That(cut.GetProperty("functionalMl").GetDouble(), Is.EqualTo(liver).Within(0.01));
            Assert.That(cut.GetProperty("remnantMl").GetDouble() + cut.GetProperty("resectedMl").GetDouble(), Is.EqualTo(liver).Within(0.02));
            Assert.That(cut.GetProperty("remnantPercent").GetDouble(), Is.InRange(1, 99), "the plane cuts through the liver");
            Assert.That(File.Exists(Path.Combine(Case, "volumetry.json")), Is.True);
        });
    }

    [Test]
    public void Volumes_MalformedCut_UsageErrorSayingTheFormat()
    {
        CliProcess.Result r = CliProcess.Run("volumes", Case, "--cut", "1,2,3");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("x,y,z:nx,ny,nz"));
    }
}
