using System.Text.Json;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>
/// phantom --post-ablation and verify on a 2 mm phantom case: the verified margin of an ablation done
/// as planned agrees with the plan's prediction; a misplaced one leaves tumour; bad post-op input leaves the plan as it was.
/// </summary>
public class VerifyCommandTests
{
    // The rim of an ablation zone is 1-3 mm: at the 3.1 mm voxels of the small fixture it is not resolved, so these
    // tests use a 2 mm phantom case, the coarsest on which verify is accurate to about a voxel.
    private const double VoxelMm = 2;
    private string _work = "";
    private JsonElement _planned;

    private string Case { get; set; } = "";

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_work, recursive: true);

    [OneTimeSetUp]
    public void Plan()
    {
        _work = CliProcess.TempDir();
        string phantom = Path.Combine(_work, "phantom");
        Case = Path.Combine(_work, "case");
        Assert.That(CliProcess.Run("phantom", "--out", phantom, "--size", "200x200x150", "--seed", "3").ExitCode, Is.Zero);
        CliProcess.Result c = CliProcess.Run("case", phantom, "--out", Case, "--truth", Path.Combine(phantom, "truth.json"));
        Assert.That(c.ExitCode, Is.Zero, c.StdErr);
        // A zone large enough for the tumour: 100 W for 600 s.
        CliProcess.Result plan = CliProcess.Run("plan", Case, "--target", "tumor", "--device", "generic-mwa-2450", "--power", "100", "--time", "600", "--json");
        Assert.That(plan.ExitCode, Is.Zero, plan.StdErr);
        _planned = JsonDocument.Parse(plan.StdOut).RootElement.Clone();
    }

    private string PostSeries(string name, params string[] options)
    {
        string dir = Path.Combine(Path.GetDirectoryName(Case)!, name);
        CliProcess.Result r = CliProcess.Run(["phantom", "--post-ablation", Case, "--out", dir, .. options]);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(File.Exists(Path.Combine(dir, "post-truth.json")), Is.True);
        return dir;
    }

    [Test]
    public void Verify_AblationAsPlanned_A0AndCoverageMatchThePlansPrediction()
    {
        string post = PostSeries("post-as-planned");

        CliProcess.Result r = CliProcess.Run("verify", Case, "--post", post, "--json");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        JsonElement v = JsonDocument.Parse(r.StdOut).RootElement;
        JsonElement predicted = _planned.GetProperty("needles")[0].GetProperty("coverage");
        Assert.Multiple(() =>
        {
            Assert.That(v.GetProperty("a0Mm").GetDouble(), Is.EqualTo(predicted.GetProperty("minimalMarginMm").GetDouble()).Within(VoxelMm));
            Assert.That(v.GetProperty("coveragePercent").GetDouble(), Is.EqualTo(predicted.GetProperty("tumorCoveragePercent").GetDouble()).Within(3));
            Assert.That(v.GetProperty("zoneOffsetFromPlanMm").GetDouble(), Is.LessThan(VoxelMm));
            Assert.That(v.GetProperty("registration").GetProperty("rmsMm").GetDouble(), Is.LessThan(1.0));
            Assert.That(v.GetProperty("registration").GetProperty("rotationDeg").GetDouble(), Is.EqualTo(2.7).Within(1.0), "the default motion turns by 2.7 degrees");
            Assert.That(new FileInfo(Path.Combine(Case, "verification", "needle-1.margin.glb")).Length, Is.GreaterThan(1000));
            Assert.That(File.Exists(Path.Combine(Case, "verification", "needle-1.zone.seg.nrrd")), Is.True);
            Assert.That(File.Exists(Path.Combine(Case, "verification", "needle-1.json")), Is.True);
        });
    }

    [Test]
    public void Verify_ZoneMissed12Mm_ResidualTumourAndIncompleteSummary()
    {
        string post = PostSeries("post-missed", "--zone-offset", "0,0,12");

        CliProcess.Result r = CliProcess.Run("verify", Case, "--post", post);

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Contain("INCOMPLETE").And.Contain("mL of tumour"));
        JsonElement saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(Case, "verification", "needle-1.json"))).RootElement;
        Assert.That(saved.GetProperty("residualTumorMl").GetDouble(), Is.GreaterThan(0.3));
        Assert.That(saved.GetProperty("a0Mm").GetDouble(), Is.LessThan(0));
        Assert.That(saved.GetProperty("zoneOffsetFromPlanMm").GetDouble(), Is.EqualTo(12).Within(VoxelMm));
    }

    [Test]
    public void Verify_SeriesThatDoesNotRegister_ClearErrorAndPlanUnchanged()
    {
        string post = PostSeries("post-moved-far", "--motion", "60,-30,25,0,0,12");
        string before = File.ReadAllText(Path.Combine(Case, "case.json"));
        string[] plans = Directory.GetFiles(Path.Combine(Case, "plans"));

        CliProcess.Result r = CliProcess.Run("verify", Case, "--post", post, "--needle", "1");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("does not register").And.Not.Contain("   at "));
        Assert.That(File.ReadAllText(Path.Combine(Case, "case.json")), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(Path.Combine(Case, "plans")), Is.EquivalentTo(plans));
    }

    [Test]
    public void Verify_MissingPostFolder_SaysWhichFolderIsMissing()
    {
        CliProcess.Result r = CliProcess.Run("verify", Case, "--post", Path.Combine(Case, "no-such-series"));

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("no-such-series").And.Contain("does not exist"));
    }

    [Test]
    public void Verify_EmptyPostFolder_SaysThereIsNoSeries()
    {
        string empty = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Case)!, "empty-post")).FullName;

        CliProcess.Result r = CliProcess.Run("verify", Case, "--post", empty);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("empty-post").And.Not.Contain("   at "));
    }

    [Test]
    public void Verify_WithoutPost_UsageError()
    {
        CliProcess.Result r = CliProcess.Run("verify", Case);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("--post"));
    }

    [Test]
    public void Verify_NeedleBeyondThePlan_NamesTheRange()
    {
        CliProcess.Result r = CliProcess.Run("verify", Case, "--post", Case, "--needle", "9");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("pick --needle 1.."));
    }

    [Test]
    public void Phantom_PostAblationOfANonPhantomCase_SaysToImportTheRealSeries()
    {
        string fake = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Case)!, "not-phantom")).FullName;
        string json = File.ReadAllText(Path.Combine(Case, "case.json"));
        using JsonDocument doc = JsonDocument.Parse(json);
        File.WriteAllText(Path.Combine(fake, "case.json"), json.Replace(doc.RootElement.GetProperty("source").GetString()!.Replace("/", "\\/"), "/nowhere").Replace(doc.RootElement.GetProperty("source").GetString()!, "/nowhere"));

        CliProcess.Result r = CliProcess.Run("phantom", "--post-ablation", fake, "--out", Path.Combine(fake, "post"));

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("not made from a phantom"));
    }

    [Test]
    public void Phantom_MalformedMotion_UsageErrorWithTheFormat()
    {
        CliProcess.Result r = CliProcess.Run("phantom", "--post-ablation", Case, "--out", Path.Combine(Case, "x"), "--motion", "1,2,3");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("tx,ty,tz,rx,ry,rz"));
    }
}
