using System.Diagnostics;
using System.Globalization;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Editing;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Interactive editing: on a 256³ phantom (the workload's seed) liver and background strokes are painted on axial
/// slices every 20 mm and grown once; then one new stroke at a time is added and timed (CPU backend, the issue's
/// target is under 1 s per stroke). There is no anchor. The check: after the new strokes the labels equal a full
/// recompute with every stroke from scratch, voxel for voxel.
/// </summary>
internal sealed class GrowCutRow : BenchRow
{
    private const int Size = 256;
    private const double TargetSeconds = 1.0;

    public override string Name => "growcut";
    public override string CheckText => "labels after the incremental strokes equal a full recompute with every stroke";
    public override string Describe(BenchContext c) => $"GrowCut update after one new seed stroke, {Size}^3 phantom (seed {c.Work.Seed}), liver and background strokes every 20 mm";
    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) => [];
    public override OursRun Ours(BenchContext c) => throw new NotSupportedException("the growcut row has no anchor; see Run");
    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath) => [];

    public override IEnumerable<RowResult> Run(BenchContext c)
    {
        var row = new RowResult
        {
            Name = Name, Workload = Describe(c), Target = $"< {TargetSeconds} s per stroke on the CPU backend", Outcome = RowOutcome.Fail,
            OursThreads = 1, Device = "cpu",
        };
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(Size, Size, Size), Seed: c.Work.Seed));
        var smooth = new Volume<short>(p.Hounsfield.Geometry);
        using (var cpu = new CpuBackend()) cpu.GaussianSmooth(p.Hounsfield, 1.0, smooth);
        var strokes = new List<(IReadOnlyList<Int3> Voxels, byte Label)>();
        for (double z = 10; z < 300; z += 20)
        {
            strokes.Add((Stroke(p, z, liver: false), 0));
            List<Int3> l = Stroke(p, z, liver: true);
            if (l.Count > 0) strokes.Add((l, PhantomLabel.Liver));
        }
        var growth = new SeedGrowth(smooth);
        var clock = Stopwatch.StartNew();
        growth.AddStrokes(strokes);
        double full = clock.Elapsed.TotalSeconds;

        // New strokes near the liver seed, as a user corrects the result: liver above, background below and above.
        double zLiver = p.Truth.SeedsMm["liver"].Z;
        var seconds = new List<double>();
        var changed = new List<long>();
        foreach ((double dz, bool liver) in new[] { (5.0, true), (-5.0, false), (13.0, false), (-13.0, true), (9.0, false) })
        {
            List<Int3> stroke = Stroke(p, zLiver + dz, liver);
            if (stroke.Count == 0) continue;
            byte label = liver ? PhantomLabel.Liver : (byte)0;
            clock.Restart();
            changed.Add(growth.AddSeeds(stroke, label));
            seconds.Add(clock.Elapsed.TotalSeconds);
            strokes.Add((stroke, label));
        }
        if (seconds.Count == 0) return [row with { Note = "no new stroke could be painted (no liver on the slices near the seed)" }];

        var fresh = new SeedGrowth(smooth);
        fresh.AddStrokes(strokes);
        if (!fresh.Labels.Voxels.SequenceEqual(growth.Labels.Voxels))
        {
            return [row with { Note = "FAIL: the incremental labels differ from a full recompute with every stroke" }];
        }
        double median = Stats.Median(seconds);
        return
        [
            row with
            {
                Outcome = seconds.Max() < TargetSeconds ? RowOutcome.Met : RowOutcome.NotMet, OursSeconds = median, Runs = seconds.Count,
                Note = string.Create(CultureInfo.InvariantCulture,
                    $"median of {seconds.Count} strokes, slowest {seconds.Max():0.000} s, {changed.Min()}..{changed.Max()} voxels changed; full run with every first stroke {full:0.00} s; identical to a full recompute"),
            },
        ];
    }

    /// <summary>Every second voxel of one axial slice inside (or outside) the liver, 5 mm clear of its edge, as a user paints well inside a region.</summary>
    private static List<Int3> Stroke(PhantomResult p, double zMm, bool liver)
    {
        ImageGeometry g = p.Labels.Geometry;
        int k = g.NearestVoxel(new Vec3(0, 0, zMm))!.Value.Z;
        int r = (int)Math.Ceiling(5 / g.SpacingMm.X);
        var voxels = new List<Int3>();
        for (int j = 0; j < g.Dimensions.Y; j += 2)
        for (int i = 0; i < g.Dimensions.X; i += 2)
        {
            bool clear = true;
            for (int dj = -r; dj <= r && clear; dj += r)
            for (int di = -r; di <= r && clear; di += r)
            {
                if (g.Contains(i + di, j + dj, k)) clear = (p.Labels[i + di, j + dj, k] == PhantomLabel.Liver) == liver;
            }
            if (clear) voxels.Add(new Int3(i, j, k));
        }
        return voxels;
    }
}
