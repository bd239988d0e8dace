namespace SurgicalNav.Bench.Harness;

/// <summary>
/// Runs a row: one untimed warm-up of each side whose outputs are compared in full, then Repeat timed rounds that
/// alternate ours and the anchors (so drift in machine load hits both sides), comparing check values every round.
/// </summary>
internal static class BenchRunner
{
    public static RowResult Run(BenchRow row, BenchContext c)
    {
        IReadOnlyList<AnchorSpec> anchors = c.Anchor is null ? [] : row.Anchors(c);
        string device = row.UsesBackend ? $"{c.Backend.Name}" : "cpu";
        var result = new RowResult
        {
            Name = row.Name, Workload = row.Describe(c), Target = Target(row), Outcome = RowOutcome.Missing,
            OursThreads = c.Threads, Device = device,
        };
        if (row.Missing is string missing) return RunAnchorsOnly(row, c, anchors, result with { Note = missing });
        if (c.Anchor is null) return result with { Outcome = RowOutcome.Fail, Note = "no anchor process (python3 missing?)" };

        var disagreements = new List<string>();
        var ours = new List<double>();
        var times = anchors.ToDictionary(a => a.Label, _ => new List<double>());
        var replies = new Dictionary<string, AnchorReply>();
        OursRun? last = null;
        string? anchorError = null;
        Directory.CreateDirectory(c.Scratch);

        for (int round = 0; round <= c.Options.Repeat; round++)
        {
            bool warmUp = round == 0;
            c.Log($"  {row.Name}: {(warmUp ? "warm-up and check" : $"round {round}/{c.Options.Repeat}")}");
            Collect();
            OursRun mine = row.Ours(c);
            if (!warmUp) ours.Add(mine.Seconds);
            last = mine;
            foreach (AnchorSpec spec in anchors)
            {
                string? dump = warmUp && spec.Dump ? Path.Combine(c.Scratch, $"{row.Name}-{spec.Label}.raw") : null;
                AnchorReply reply = c.Anchor.Run(spec, c.Threads, dump);
                if (!reply.Ok)
                {
                    anchorError ??= $"{spec.Label}: {reply.Error}";
                    continue;
                }
                replies[spec.Label] = reply;
                if (!warmUp) times[spec.Label].Add(reply.Seconds);
                disagreements.AddRange(row.Compare(c, mine, spec, reply, dump).Select(d => $"{spec.Label}: {d}"));
                if (dump is not null) File.Delete(dump);
            }
            if (anchorError is not null || (warmUp && disagreements.Count > 0)) break; // no point timing a wrong answer
        }
        row.Release();

        AnchorSpec? primary = anchors.FirstOrDefault();
        List<double> primaryTimes = primary is null ? [] : times[primary.Label];
        (RowOutcome outcome, double? ratio, string note) = Verdict.Judge(ours, primaryTimes, disagreements, row.TargetSpeedup, anchorError);
        AnchorReply? primaryReply = primary is not null && replies.TryGetValue(primary.Label, out AnchorReply? p) ? p : null;
        return result with
        {
            Outcome = outcome,
            Ratio = ratio,
            OursSeconds = ours.Count > 0 ? Stats.Median(ours) : null,
            AnchorSeconds = primaryTimes.Count > 0 ? Stats.Median(primaryTimes) : null,
            Anchor = primaryReply?.Library ?? primary?.Label,
            AnchorThreads = primaryReply?.Threads,
            Runs = ours.Count,
            OtherAnchors = anchors.Skip(1).Where(a => times[a.Label].Count > 0)
                .ToDictionary(a => replies[a.Label].Library, a => Stats.Median(times[a.Label])),
            Note = (note.Length > 0 ? note : "agree: " + row.CheckText)
                + (last is not null && primaryReply is not null && row.Detail(last, primaryReply) is { Length: > 0 } detail ? "; " + detail : ""),
        };
    }

    /// <summary>A missing row still times its anchors once, so the bar our future code must clear is on record.</summary>
    private static RowResult RunAnchorsOnly(BenchRow row, BenchContext c, IReadOnlyList<AnchorSpec> anchors, RowResult result)
    {
        var others = new Dictionary<string, double>();
        double? primarySeconds = null;
        string? library = null;
        int? threads = null;
        foreach (AnchorSpec spec in anchors)
        {
            c.Log($"  {row.Name}: anchor {spec.Label} only (ours is missing)");
            Collect();
            AnchorReply reply = c.Anchor!.Run(spec, c.Threads, null);
            if (!reply.Ok)
            {
                result = result with { Note = result.Note + $"; anchor {spec.Label} failed: {reply.Error}" };
                continue;
            }
            if (primarySeconds is null)
            {
                primarySeconds = reply.Seconds;
                library = reply.Library;
                threads = reply.Threads;
            }
            else
            {
                others[reply.Library] = reply.Seconds;
            }
        }
        return result with { AnchorSeconds = primarySeconds, Anchor = library, AnchorThreads = threads, OtherAnchors = others, Runs = primarySeconds is null ? 0 : 1 };
    }

    private static string Target(BenchRow row) =>
        string.Create(CultureInfo.InvariantCulture, $">= {row.TargetSpeedup:0.##}x anchor");

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
