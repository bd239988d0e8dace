using System.Diagnostics;
using System.Text.Json.Nodes;
using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// The whole pipeline as a user runs it: `surgicalnav demo --headless --json` as a child process under
/// /usr/bin/time, on the workload's size and seed. Time is the sum of the stage timings the app reports (its start-up
/// excluded; wall clock in the note); memory is the peak RSS, with the target under 3x the int16 volume.
/// There is no anchor: no other tool runs this pipeline.
/// </summary>
internal sealed class PipelineRow : BenchRow
{
    private const double RssTargetFactor = 3;

    public override string Name => "pipeline";
    public override string CheckText => "the demo exits 0 and reports its stages";
    public override string Describe(BenchContext c) => $"demo --headless on the {c.Work.Size} phantom, seed {c.Work.Seed}";
    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) => [];
    public override OursRun Ours(BenchContext c) => throw new NotSupportedException("the pipeline row runs as a process; see Run");
    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) => [];

    public override IEnumerable<RowResult> Run(BenchContext c)
    {
        string volumeBytesText = $"{c.Work.Geometry.VoxelCount * 2 / 1e6:0} MB int16 volume";
        var timeRow = new RowResult
        {
            Name = "pipeline", Workload = Describe(c), Target = "none (no anchor runs this pipeline)", Outcome = RowOutcome.Fail,
            OursThreads = c.Threads, Device = c.Options.Device,
        };
        var rssRow = new RowResult
        {
            Name = "pipeline-rss", Workload = Describe(c), Target = $"< {RssTargetFactor}x the {volumeBytesText}", Outcome = RowOutcome.Fail,
            OursThreads = c.Threads, Device = c.Options.Device, Unit = "bytes",
        };
        string? app = c.Options.AppPath;
        if (app is null || !File.Exists(app))
        {
            string why = $"missing: surgicalnav.dll not found ('{app}'); ./nav bench passes --app, a publish folder needs --app PATH";
            return [timeRow with { Outcome = RowOutcome.Missing, Note = why }, rssRow with { Outcome = RowOutcome.Missing, Note = why }];
        }
        if (!File.Exists("/usr/bin/time"))
        {
            string why = "/usr/bin/time is missing (Debian package 'time'); ./nav bench installs it";
            return [timeRow with { Note = why }, rssRow with { Note = why }];
        }

        var seconds = new List<double>();
        var walls = new List<double>();
        var peaks = new List<double>();
        string stagePeaks = "";
        int runs = c.Options.Quick ? 1 : Math.Max(1, Math.Min(c.Options.Repeat, 3));
        for (int n = 0; n < runs; n++)
        {
            c.Log($"  pipeline: run {n + 1}/{runs}");
            (string? error, double stagesSum, double wall, long peakBytes, string perStage) = RunOnce(c, app);
            if (error is not null) return [timeRow with { Note = error }, rssRow with { Note = error }];
            stagePeaks = perStage;
            seconds.Add(stagesSum);
            walls.Add(wall);
            peaks.Add(peakBytes);
        }
        double peak = peaks.Max();
        double limit = RssTargetFactor * c.Work.Geometry.VoxelCount * 2;
        double factor = peak / (c.Work.Geometry.VoxelCount * 2.0);
        return
        [
            timeRow with
            {
                Outcome = RowOutcome.Measured, OursSeconds = Stats.Median(seconds), Runs = runs,
                Note = string.Create(CultureInfo.InvariantCulture, $"sum of stage times (phantom, import, segment, mesh, plan); wall clock with .NET start-up {Stats.Median(walls):0.00} s"),
            },
            rssRow with
            {
                Outcome = peak < limit ? RowOutcome.Met : RowOutcome.NotMet, Value = peak, Runs = runs,
                Note = string.Create(CultureInfo.InvariantCulture, $"peak RSS {peak / 1e9:0.00} GB = {factor:0.0}x the {volumeBytesText} (max of {runs} runs; per stage, MB: {stagePeaks})"),
            },
        ];
    }

    // The peak is the larger of /usr/bin/time's maximum resident set (which covers the DICOM worker process) and the
    // stage peaks the demo reports: the demo resets the kernel's high-water mark at each stage start to measure each
    // stage alone, and that reset also lowers what /usr/bin/time sees for the main process.
    private static (string? Error, double StagesSum, double Wall, long PeakBytes, string PerStage) RunOnce(BenchContext c, string app)
    {
        string caseDir = Path.Combine(c.Scratch, "pipeline-case");
        string timeFile = Path.Combine(c.Scratch, "pipeline-time.txt");
        Directory.CreateDirectory(c.Scratch);
        var info = new ProcessStartInfo("/usr/bin/time", ["-f", "%M %e", "-o", timeFile, "dotnet", app, "demo", "--headless", "--json",
            "--size", c.Work.Size.ToString(), "--seed", c.Work.Seed.ToString(CultureInfo.InvariantCulture), "--out", caseDir, "--device", c.Options.Device])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process p = Process.Start(info)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string stderr = err.Result;
        if (p.ExitCode != 0)
        {
            string tail = string.Join(" | ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
            return ($"demo exited {p.ExitCode}: {tail}", 0, 0, 0, "");
        }
        JsonObject json = JsonNode.Parse(stdout)!.AsObject();
        double sum = json["stages"]!.AsObject().Sum(s => s.Value!.GetValue<double>());
        string[] t = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ');
        long kb = long.Parse(t[0], CultureInfo.InvariantCulture);
        double wall = double.Parse(t[1], CultureInfo.InvariantCulture);
        JsonObject stagePeaks = json["peakRssMb"]?.AsObject() ?? [];
        double stageMax = stagePeaks.Select(s => s.Value!.GetValue<double>()).DefaultIfEmpty(0).Max() * 1e6;
        string perStage = string.Join(", ", stagePeaks.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value!.GetValue<double>():0}")));
        return (null, sum, wall, Math.Max(kb * 1024, (long)stageMax), perStage);
    }
}
