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
    [Test]
    public void Volumes_SurfaceOfThreePointsOnThePlane_SameRemnantAsTheCut()
    {
        CliProcess.Result plane = CliProcess.Run("volumes", Case, "--cut", "-60,0,215:-1,0,0", "--json");
        CliProcess.Result curved = CliProcess.Run("volumes", Case, "--surface", "-60,-80,150;-60,80,180;-60,0,280:-1,0,0", "--json");

        Assert.That(curved.ExitCode, Is.Zero, curved.StdErr);
        double Remnant(CliProcess.Result r) => JsonDocument.Parse(r.StdOut).RootElement.GetProperty("resection").GetProperty("remnantMl").GetDouble();
        Assert.That(Remnant(curved), Is.EqualTo(Remnant(plane)).Within(0.005 * Remnant(plane)));
        using JsonDocument saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(Case, "volumetry.json")));
        Assert.That(saved.RootElement.GetProperty("resection").GetProperty("controlPoints").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public void Volumes_SurfaceBentIntoTheLiver_ResectsMoreThanThePlaneThroughItsEnds()
    {
        // Bends from x = -60 at the ends towards x = -40 in the middle: more is resected (the -x side) than by x = -60 alone.
        CliProcess.Result plane = CliProcess.Run("volumes", Case, "--cut", "-60,0,215:-1,0,0", "--json");
        CliProcess.Result curved = CliProcess.Run("volumes", Case, "--surface", "-60,-80,150;-60,80,150;-40,0,215;-60,-80,280;-60,80,280:-1,0,0", "--json");

        Assert.That(curved.ExitCode, Is.Zero, curved.StdErr);
        double Resected(CliProcess.Result r) => JsonDocument.Parse(r.StdOut).RootElement.GetProperty("resection").GetProperty("resectedMl").GetDouble();
        Assert.That(Resected(curved), Is.GreaterThan(Resected(plane) + 10));
    }

    [Test]
    public void Volumes_MalformedSurface_UsageErrorSayingTheFormat()
    {
        CliProcess.Result r = CliProcess.Run("volumes", Case, "--surface", "1,2,3;4,5,6:1,0,0");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("at least 3 control points"));
    }

    [Test]
    public void Volumes_CollinearSurfacePoints_ErrorAskingForAPointOffTheLine()
    {
        CliProcess.Result r = CliProcess.Run("volumes", Case, "--surface", "-60,0,150;-60,0,200;-60,0,250:-1,0,0");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("one line").And.Not.Contain("   at "));
    }
}
