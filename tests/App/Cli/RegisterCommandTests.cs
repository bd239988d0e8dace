using System.Text.Json;
using System.Text.Json.Nodes;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Tests.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>`register` and `pivot` run as a user runs them, on synthetic cases with known answers.</summary>
[TestFixture]
public class RegisterCommandTests
{
    private string _work = "";

    [OneTimeSetUp]
    public void MakeFolder() => _work = CliProcess.TempDir();

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_work, recursive: true);

    /// <summary>Six fiducials at ±50 mm on each axis: FWM gives TRE² = FLE²/6 · (1 + |r|²/50²) exactly.</summary>
    private static readonly Vec3[] FixedPoints = [new(50, 0, 0), new(-50, 0, 0), new(0, 50, 0), new(0, -50, 0), new(0, 0, 50), new(0, 0, -50)];

    /// <summary>Moving to fixed: a quarter turn about z, then (10, 20, 30) mm.</summary>
    private static readonly double[] Expected = [0, -1, 0, 10, 1, 0, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1];

    private (string Fixed, string Moving) WriteCase()
    {
        RigidTransform fixedToMoving = RigidTransform.FromRowMajor(Expected).Inverse();
        string fixedCsv = Path.Combine(_work, "fixed.csv"), movingCsv = Path.Combine(_work, "moving.csv");
        File.WriteAllLines(fixedCsv, FixedPoints.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X},{p.Y},{p.Z}")));
        // The moving set in the layout of Slicer's markups CSV: header, label column, trailing columns.
        File.WriteAllLines(movingCsv, new[] { "label,x,y,z,defined,selected,visible,locked,description" }
            .Concat(FixedPoints.Select((p, i) =>
            {
                Vec3 m = fixedToMoving.Apply(p);
                return string.Create(CultureInfo.InvariantCulture, $"F-{i + 1},{m.X:R},{m.Y:R},{m.Z:R},1,1,1,0,");
            })));
        return (fixedCsv, movingCsv);
    }

    [Test]
    public void Register_SyntheticQuarterTurn_ExactTransformFreAndTre()
    {
        (string fixedCsv, string movingCsv) = WriteCase();

        CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", movingCsv, "--target", "0,0,100", "--fle-mm", "0.25", "--json");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        JsonElement json = JsonDocument.Parse(r.StdOut).RootElement;
        double[] m = json.GetProperty("movingToFixed").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.That(m, Has.Length.EqualTo(16));
        for (int i = 0; i < 16; i++) Assert.That(m[i], Is.EqualTo(Expected[i]).Within(1e-9), $"movingToFixed[{i}]");
        Assert.That(json.GetProperty("freMm").GetDouble(), Is.LessThan(1e-9));
        Assert.That(json.GetProperty("residualsMm").GetArrayLength(), Is.EqualTo(6));
        Assert.That(json.GetProperty("treMm").GetDouble(), Is.EqualTo(0.25 * Math.Sqrt(5.0 / 6.0)).Within(1e-12));
        Assert.That(json.GetProperty("worstFiducial").GetProperty("freWithoutMm").GetDouble(), Is.LessThan(1e-9));
    }

    [Test]
    public void Register_WithCase_StoresTrackerToImageEdgeAndTreAtPlannedTarget()
    {
        (string fixedCsv, string movingCsv) = WriteCase();
        string caseDir = SyntheticCase.Create();
        try
        {
            CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", movingCsv, "--case", caseDir, "--json");

            Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
            FrameResolution edge = CaseFrames.Load(caseDir).Resolve("Tracker", "Image");
            double[] m = edge.Transform.ToRowMajor();
            for (int i = 0; i < 16; i++) Assert.That(m[i], Is.EqualTo(Expected[i]).Within(1e-9), $"stored Tracker→Image [{i}]");
            Assert.That(edge.IsValid, Is.True);
            Assert.That(edge.OldestTimestampNs, Is.Null, "a registration is a static edge: it does not age");
            CaseRegistration stored = CaseFrames.LoadRegistration(caseDir)!;
            // The planned target (0, 0, 30) is the default TRE point: TRE² = FLE²/6 · (1 + 30²/50²).
            Assert.That(stored.PredictedTreMm, Is.EqualTo(0.25 * Math.Sqrt((1 + 900.0 / 2500) / 6)).Within(1e-12));
            Assert.That(stored.TargetMm, Is.EqualTo(new[] { 0.0, 0.0, 30.0 }));
            Assert.That(CaseStore.Load(caseDir).Plan, Is.Not.Null, "the rest of the case is kept");
            CaseStore.Save(caseDir, CaseStore.Load(caseDir) with { Name = "renamed" });
            Assert.That(CaseFrames.Load(caseDir).Resolve("Tracker", "Image").Transform.ToRowMajor(), Is.EqualTo(m), "a later save of the case (a plan, a rename) keeps the frames");
            Assert.That(CaseFrames.LoadRegistration(caseDir), Is.EqualTo(stored).Using<CaseRegistration>((a, b) => a.FreMm == b.FreMm && a.PredictedTreMm == b.PredictedTreMm));
        }
        finally
        {
            Directory.Delete(caseDir, recursive: true);
        }
    }

    [Test]
    public void Register_CaseWithMalformedFrames_OneLineNamingCaseJson()
    {
        (string fixedCsv, string movingCsv) = WriteCase();
        string caseDir = SyntheticCase.Create();
        try
        {
            string path = Path.Combine(caseDir, CaseStore.CaseFile);
            JsonNode doc = JsonNode.Parse(File.ReadAllText(path))!;
            doc["frames"] = JsonNode.Parse("""{"frames": ["Tracker", "Image"], "edges": [{"from": "Tracker", "to": "Image", "timestampNs": 5}]}""");
            File.WriteAllText(path, doc.ToJsonString());

            CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", movingCsv, "--case", caseDir);

            Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
            Assert.That(r.StdErr, Does.Contain("case.json").And.Contain("fromToTo"));
        }
        finally
        {
            Directory.Delete(caseDir, recursive: true);
        }
    }

    [Test]
    public void Register_FromWithoutCase_UsageError()
    {
        (string fixedCsv, string movingCsv) = WriteCase();

        CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", movingCsv, "--from", "Reference");

        Assert.That(r.ExitCode, Is.Not.Zero);
        Assert.That(r.StdErr, Does.Contain("--case"));
    }

    [Test]
    public void Register_HumanOutput_ShowsFreAndTre()
    {
        (string fixedCsv, string movingCsv) = WriteCase();

        CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", movingCsv, "--target", "0,0,100");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("FRE 0.000 mm").And.Contain("predicted TRE at 0,0,100: 0.228 mm"));
    }

    [Test]
    public void Register_BadNumberInCsv_OneLineNamingFileAndLine()
    {
        string bad = Path.Combine(_work, "bad.csv");
        File.WriteAllLines(bad, ["1,2,3", "4,5,6", "7,eight,9"]);
        (string fixedCsv, _) = WriteCase();

        CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", bad);

        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(lines.Where(l => l.StartsWith("surgicalnav", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"{bad} line 3").And.Contain("'eight' is not a finite number"));
        Assert.That(r.StdErr, Does.Not.Contain("   at "));
    }

    [Test]
    public void Register_CollinearFiducials_OneLineSayingWhatToDo()
    {
        string line = Path.Combine(_work, "line.csv");
        File.WriteAllLines(line, ["0,0,0", "10,10,10", "20,20,20", "35,35,35"]);

        CliProcess.Result r = CliProcess.Run("register", "--fixed", line, "--moving", line);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("collinear").And.Contain("Add a fiducial"));
    }

    [Test]
    public void Register_MismatchedCounts_OneLineWithBothCounts()
    {
        (string fixedCsv, _) = WriteCase();
        string four = Path.Combine(_work, "four.csv");
        File.WriteAllLines(four, ["50,0,0", "-50,0,0", "0,50,0", "0,0,50"]);

        CliProcess.Result r = CliProcess.Run("register", "--fixed", fixedCsv, "--moving", four);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("has 6 points but").And.Contain("has 4"));
    }

    [Test]
    public void Register_MissingMoving_UsageError() =>
        Assert.That(CliProcess.Run("register", "--fixed", "f.csv").ExitCode, Is.EqualTo(2));

    [Test]
    public void Pivot_NoiseFreePosesCsv_ExactTip()
    {
        var tip = new Vec3(1, -2, 150);
        var pivot = new Vec3(-40, 25, -1300);
        var lines = new List<string> { "t_s,m00,m01,m02,m03,m10,m11,m12,m13,m20,m21,m22,m23,m30,m31,m32,m33" };
        for (int i = 0; i < 24; i++)
        {
            double az = i * 15 * Math.PI / 180;
            Matrix3 rot = RotationMath.AxisAngle(new Vec3(Math.Cos(az), Math.Sin(az), 0), (10 + i % 3 * 5) * Math.PI / 180);
            var pose = new RigidTransform(rot, pivot - rot * tip);
            lines.Add(string.Join(",", new[] { i * 0.04 }.Concat(pose.ToRowMajor()).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        string csv = Path.Combine(_work, "pivot.csv");
        File.WriteAllLines(csv, lines);

        CliProcess.Result r = CliProcess.Run("pivot", csv, "--json");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        JsonElement json = JsonDocument.Parse(r.StdOut).RootElement;
        double[] t = json.GetProperty("tipInToolMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.That(t, Is.EqualTo(new[] { 1.0, -2.0, 150.0 }).Within(1e-4));
        Assert.That(json.GetProperty("rmsResidualMm").GetDouble(), Is.LessThan(1e-6));

        // With --case the tip becomes the NeedleTip → Needle edge guidance resolves through.
        string caseDir = SyntheticCase.Create();
        try
        {
            Assert.That(CliProcess.Run("pivot", csv, "--case", caseDir).ExitCode, Is.EqualTo(0));
            Vec3 stored = CaseFrames.Load(caseDir).Resolve("NeedleTip", "Needle").Transform.Apply(Vec3.Zero);
            Assert.That(Vec3.Distance(stored, tip), Is.LessThan(1e-4), "the tip origin sits at the calibrated offset in the needle's frame");
        }
        finally
        {
            Directory.Delete(caseDir, recursive: true);
        }
    }

    [Test]
    public void Pivot_TruncatedRow_OneLineNamingLine()
    {
        string csv = Path.Combine(_work, "short.csv");
        File.WriteAllLines(csv, ["0,1,2,3,0,0,0,1", "0.1,1,2"]);

        CliProcess.Result r = CliProcess.Run("pivot", csv);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"{csv} line 2"));
    }
}
