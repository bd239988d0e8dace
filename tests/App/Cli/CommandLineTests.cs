using System.Text.Json;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>The CLI as a user meets it: exit codes, one-line errors without stack traces, clean JSON on stdout.</summary>
[TestFixture]
public class CommandLineTests
{
    private string _work = "";
    private string _phantom = "";
    private string _volume = "";

    [OneTimeSetUp]
    public void MakeSmallPhantom()
    {
        _work = CliProcess.TempDir();
        _phantom = Path.Combine(_work, "phantom");
        _volume = Path.Combine(_work, "volume.nrrd");
        CliProcess.Result p = CliProcess.Run("phantom", "--out", _phantom, "--size", "48x48x32", "--seed", "4");
        Assert.That(p.ExitCode, Is.EqualTo(0), p.StdErr);
        CliProcess.Result i = CliProcess.Run("import", _phantom, "--out", _volume);
        Assert.That(i.ExitCode, Is.EqualTo(0), i.StdErr);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_work, recursive: true);

    private static void AssertOneLineError(CliProcess.Result r, int exitCode, string mustContain)
    {
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(exitCode), r.StdErr);
            Assert.That(lines.Where(l => l.StartsWith("surgicalnav", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), r.StdErr);
            Assert.That(r.StdErr, Does.Contain(mustContain));
            Assert.That(r.StdErr, Does.Not.Contain("   at "), "a stack trace reached the user");
        });
    }

    [Test]
    public void Help_NoArguments_ListsEveryCommandTheDispatcherKnows()
    {
        // The commands are read from Program.cs's dispatch table, so a new command cannot go unlisted.
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SurgicalNav.sln"))) root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("repository root");
        string program = File.ReadAllText(Path.Combine(root, "src", "App", "Program.cs"));
        string[] commands = System.Text.RegularExpressions.Regex.Matches(program, "\"([a-z][a-z-]*)\"(?: or \"[^\"]+\")* =>")
            .Select(m => m.Groups[1].Value).ToArray();
        Assume.That(commands, Has.Length.GreaterThan(8), "the dispatch table was not found in Program.cs");

        CliProcess.Result r = CliProcess.Run();

        Assert.That(r.ExitCode, Is.EqualTo(0));
        foreach (string command in commands)
        {
            Assert.That(r.StdOut, Does.Contain("  " + command + " "), $"help does not list {command}");
        }
    }

    [Test]
    public void Import_FolderWithoutDicom_FailsWithOneLineNamingTheFolder()
    {
        string empty = CliProcess.TempDir();
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "not an image");

        CliProcess.Result r = CliProcess.Run("import", empty, "--out", Path.Combine(empty, "v.nrrd"));

        AssertOneLineError(r, 1, empty);
        Assert.That(r.StdErr, Does.Contain("no DICOM").IgnoreCase);
    }

    [Test]
    public void Import_GarbageFileNamedLikeDicom_FailsNamingTheFile()
    {
        string dir = CliProcess.TempDir();
        foreach (string f in Directory.EnumerateFiles(_phantom, "*.dcm")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(dir, "IM99999.dcm"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });

        CliProcess.Result r = CliProcess.Run("import", dir, "--out", Path.Combine(dir, "v.nrrd"));

        AssertOneLineError(r, 1, "IM99999.dcm");
    }

    [Test]
    public void Import_Json_PrintsGeometryAsCleanJson()
    {
        CliProcess.Result r = CliProcess.Run("import", _phantom, "--out", Path.Combine(_work, "v2.nrrd"), "--json");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        JsonElement root = json.RootElement;
        int[] dims = root.GetProperty("dimensions").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[] spacing = root.GetProperty("spacingMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] direction = root.GetProperty("direction").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(dims, Is.EqualTo(new[] { 48, 48, 32 }));
            Assert.That(spacing[0], Is.EqualTo(400.0 / 48).Within(1e-3), "in-plane spacing in mm");
            Assert.That(spacing[2], Is.EqualTo(300.0 / 32).Within(1e-3), "slice spacing in mm");
            Assert.That(direction, Is.EqualTo(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }).Within(1e-6));
            Assert.That(root.GetProperty("modality").GetString(), Is.EqualTo("CT"));
            Assert.That(root.GetProperty("seriesInstanceUid").GetString(), Does.StartWith("2.25."));
            Assert.That(root.GetProperty("minValue").GetDouble(), Is.EqualTo(-1024).Within(30), "air in HU");
            Assert.That(root.GetProperty("maxValue").GetDouble(), Is.GreaterThan(300), "bone in HU");
        });
    }

    [Test]
    public void Serve_WithoutCase_FailsWithUsageError()
    {
        CliProcess.Result r = CliProcess.Run("serve");

        AssertOneLineError(r, 2, "--case");
    }

    [Test]
    public void Serve_CaseFolderWithoutCaseJson_FailsNamingTheFolder()
    {
        string dir = CliProcess.TempDir();

        CliProcess.Result r = CliProcess.Run("serve", "--case", dir, "--port", "0");

        AssertOneLineError(r, 1, dir);
    }

    [Test]
    public void Segment_SeedOutsideVolume_FailsSayingWhere()
    {
        CliProcess.Result r = CliProcess.Run("segment", _volume, "--out", Path.Combine(_work, "l.seg.nrrd"), "--seed", "9999,0,100:liver");

        AssertOneLineError(r, 1, "outside the volume");
    }

    [Test]
    public void Segment_MalformedSeed_FailsWithTheExpectedForm()
    {
        CliProcess.Result r = CliProcess.Run("segment", _volume, "--out", Path.Combine(_work, "l.seg.nrrd"), "--seed", "10,20:liver");

        AssertOneLineError(r, 2, "x,y,z:name");
    }

    [Test]
    public void Segment_UnknownPreset_FailsListingKnownPresets()
    {
        CliProcess.Result r = CliProcess.Run("segment", _volume, "--out", Path.Combine(_work, "l.seg.nrrd"), "--preset", "liver-mri");

        AssertOneLineError(r, 2, "known presets: abdomen-ct");
    }

    [Test]
    public void Volumetry_LabelMapOfAnotherGrid_FailsNamingBothGrids()
    {
        string other = Path.Combine(_work, "other");
        Assert.That(CliProcess.Run("phantom", "--out", other, "--size", "40x40x32", "--seed", "4").ExitCode, Is.EqualTo(0));

        CliProcess.Result r = CliProcess.Run("volumetry", _volume, Path.Combine(other, "truth.seg.nrrd"));

        AssertOneLineError(r, 1, "is not on the grid of volume");
        Assert.That(r.StdErr, Does.Contain("40x40x32").And.Contain("48x48x32"));
    }

    [Test]
    public void Volumetry_TruthOfThisVolume_ReportsMlPerSegmentAsJson()
    {
        CliProcess.Result r = CliProcess.Run("volumetry", _volume, Path.Combine(_phantom, "truth.seg.nrrd"), "--json");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        JsonElement liver = json.RootElement.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "liver");
        // 48x48x32 over 400x400x300 mm: 8.33 x 8.33 x 9.375 mm voxels, 0.651 mL each.
        Assert.That(liver.GetProperty("volumeMl").GetDouble(), Is.EqualTo(liver.GetProperty("voxels").GetInt64() * 0.6510).Within(0.5));
        Assert.That(liver.GetProperty("voxels").GetInt64(), Is.GreaterThan(0));
    }

    [Test]
    public void UnknownCommand_FailsWithUsageError()
    {
        CliProcess.Result r = CliProcess.Run("segmnet");

        AssertOneLineError(r, 2, "unknown command 'segmnet'");
    }

    [Test]
    public void Demo_HeadlessJson_ReportsStagesVoxelsAndDice()
    {
        string caseDir = Path.Combine(_work, "demo-case");

        CliProcess.Result r = CliProcess.Run("demo", "--headless", "--json", "--size", "96x96x64", "--seed", "3", "--out", caseDir);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        JsonElement root = json.RootElement;
        string[] stages = root.GetProperty("stages").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(stages, Is.SupersetOf(new[] { "phantom", "import", "segment", "mesh", "plan" }));
            Assert.That(root.GetProperty("voxels").GetInt64(), Is.EqualTo(96L * 96 * 64));
            Assert.That(root.GetProperty("triangles").GetInt64(), Is.GreaterThan(1000));
            Assert.That(root.GetProperty("device").GetString(), Is.EqualTo("cpu"));
            Assert.That(root.GetProperty("case").GetString(), Is.EqualTo(caseDir));
            Assert.That(root.GetProperty("dice").GetProperty("liver").GetDouble(), Is.GreaterThan(0.90), "liver Dice at 4 mm voxels");
            // Every stage reports its peak resident set; a .NET process holding a small case needs 20 MB to 4 GB.
            JsonElement peaks = root.GetProperty("peakRssMb");
            foreach (string stage in stages)
            {
                Assert.That(peaks.GetProperty(stage).GetDouble(), Is.InRange(20.0, 4000.0), $"peak RSS of stage {stage}, MB");
            }
            foreach (string f in new[] { "case.json", "volume.nrrd", "labels.seg.nrrd", "anatomy.glb" })
            {
                Assert.That(File.Exists(Path.Combine(caseDir, f)), Is.True, $"{f} missing from the case");
            }
        });
    }
}
