using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.Compute;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Metrics;

namespace SurgicalNav.App.Commands;

/// <summary>`demo`: phantom, import, segment, mesh, plan, then serve (or stop, with --headless) — the main job on the built-in case.</summary>
public static class DemoCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "demo [--size 512x512x300] [--seed N] [--out CASE] [--headless] [--json] [--port N] [--device D]   the whole pipeline on the phantom";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("demo", args, ["size", "seed", "noise", "out", "port", "host", "device"], ["headless", "json"]);
        if (a.Positionals.Count > 0) throw new UsageException($"demo: unexpected argument '{a.Positionals[0]}'; demo takes only options (see surgicalnav help)");
        PhantomOptions options = PhantomCommand.Options(a);
        string caseDir = Path.GetFullPath(a.Option("out") ?? Path.Combine("cases", $"demo-{options.Seed}"));
        string phantomDir = Path.Combine(caseDir, "phantom");
        int port = a.Int("port", 8080, 0, 65535);
        using IComputeBackend backend = ComputeBackends.Select(a.Option("device"), Output.Progress, DeviceProbe.OutOfProcess);

        var stages = new Dictionary<string, double>();
        var memory = new StageMemory();
        memory.Begin("phantom");
        Output.Progress($"[1/5] phantom {options.Size} -> {phantomDir}");
        if (Directory.Exists(phantomDir))
        {
            // Re-running the demo replaces the previous phantom, so no stale slices mix into the series.
            foreach (string f in Directory.EnumerateFiles(phantomDir, "*.dcm")) File.Delete(f);
        }
        PhantomTruth truth = WritePhantom(phantomDir, options, stages);

        int step = 2;
        void Progress(string line)
        {
            if (line.StartsWith("import: reading", StringComparison.Ordinal)) Output.Progress($"[{step++}/5] import");
            else if (line.StartsWith("segment: smooth", StringComparison.Ordinal)) Output.Progress($"[{step++}/5] segment");
            else if (line.StartsWith("mesh:", StringComparison.Ordinal)) Output.Progress($"[{step++}/5] mesh");
            else if (line.StartsWith("plan:", StringComparison.Ordinal) && step == 5) Output.Progress($"[{step++}/5] plan");
            Output.Progress("      " + line);
        }
        List<SegmentSeed> seeds = SeedArgs.FromTruth(truth).ToList();
        CaseBuilder.Result result = await CaseBuilder.BuildAsync(phantomDir, caseDir, seeds, backend, Progress, stages, ct: ct, memory: memory).ConfigureAwait(false);
        IReadOnlyDictionary<string, double> dice = Overlap.DicePerSegment(result.Labels, SegNrrd.Read(Path.Combine(phantomDir, "truth.seg.nrrd")));

        Trajectory? best = result.Document.Plan?.Trajectories.FirstOrDefault();
        if (a.Flag("json"))
        {
            Output.Json(new
            {
                stages, peakRssMb = memory.PeakMb, peakRssPerStage = memory.PerStage, voxels = result.Voxels, triangles = result.Triangles, device = backend.Name, @case = caseDir, dice,
                best = best is null ? null : new { best.EntryMm, best.TargetMm, best.LengthMm, best.MinClearanceMm },
            });
        }
        else
        {
            PrintSummary(stages, memory, dice, result, best, backend);
        }
        if (a.Flag("headless")) return 0;
        await ServeCommand.ServeAsync(caseDir, port, a.Option("host") ?? "127.0.0.1", ct).ConfigureAwait(false);
        return 0;
    }

    // The phantom's voxels stay inside this method: the pipeline reads the series back from disk as a user's would.
    private static PhantomTruth WritePhantom(string phantomDir, PhantomOptions options, Dictionary<string, double> stages)
    {
        (PhantomResult phantom, double phantomSeconds, _) = PhantomCommand.Write(phantomDir, options, Output.Progress);
        stages["phantom"] = Math.Round(phantomSeconds, 3);
        Output.Progress($"      {phantomSeconds:0.00} s");
        return phantom.Truth;
    }

    private static void PrintSummary(Dictionary<string, double> stages, StageMemory memory, IReadOnlyDictionary<string, double> dice, CaseBuilder.Result result, Trajectory? best, IComputeBackend backend)
    {
        Output.Result("");
        Output.Result($"SurgicalNav demo: {result.Voxels:N0} voxels on {backend.Name} ({backend.Description})");
        Output.Result(memory.PerStage ? "  stage      seconds   peak RSS MB" : "  stage      seconds   peak RSS MB (since start)");
        foreach ((string name, double s) in stages)
        {
            string rss = memory.PeakMb.TryGetValue(name, out double mb) ? mb.ToString("0", CultureInfo.InvariantCulture) : "-";
            Output.Result($"  {name,-9} {s,8:0.00} {rss,13}");
        }
        Output.Result($"  {"total",-9} {stages.Values.Sum(),8:0.00}");
        Output.Result("  segment    Dice vs truth   volume mL   triangles");
        foreach (SegmentSummary s in result.Document.Segments)
        {
            Output.Result($"  {s.Name,-9} {(dice.TryGetValue(s.Name, out double d) ? d.ToString("0.000", CultureInfo.InvariantCulture) : "-"),13} {s.VolumeMl,11:0.0} {s.Triangles,11}");
        }
        if (best is not null)
        {
            Output.Result($"  needle: {best.LengthMm:0.0} mm from skin {best.EntryMm} to {best.TargetMm} (LPS mm); clearance {best.DescribeClearances()}");
        }
        Output.Result($"  case folder: {Path.GetDirectoryName(result.Document.Source)}");
    }
}
