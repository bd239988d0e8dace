using System.Diagnostics;
using SurgicalNav.Bench.Segmentation;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Editing;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Presets;

// Segmentation workloads for ./nav bench (issue 4):
//   accuracy NXxNYxNZ SEED[,SEED...] NOISE[,NOISE...]  abdomen preset on phantoms: stage times, Dice and mean surface distance per segment
//   growcut N                                          grow from seeds on an NxNxN phantom: full run, then one new stroke (incremental)
//   meshing [labels.seg.nrrd]                          decimation of a 1M-triangle surface to 100k (median of 3, error); with a label
//                                                      map, the default meshing (300k budget) timed and its deviation from the undecimated surface
string mode = args.Length > 0 ? args[0] : "accuracy";
if (mode == "growcut") GrowCut(args.Length > 1 ? int.Parse(args[1]) : 256);
else if (mode == "meshing") MeshingBench.Run(args.Length > 1 ? args[1] : null);
else Accuracy(args.Length > 1 ? args[1] : "512x512x300", args.Length > 2 ? args[2] : "1,2,3", args.Length > 3 ? args[3] : "12");

static void Accuracy(string sizeText, string seedsText, string noiseText)
{
    int[] n = sizeText.Split('x').Select(int.Parse).ToArray();
    string[] names = ["body", "bone", "vessels", "liver", "tumor"];
    var all = names.ToDictionary(s => s, _ => new List<(double Dice, double Msd)>());
    using var backend = new CpuBackend();
    foreach (int seed in seedsText.Split(',').Select(int.Parse))
    foreach (double noise in noiseText.Split(',').Select(double.Parse))
    {
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(n[0], n[1], n[2]), Seed: seed, NoiseHu: noise));
        List<SegmentSeed> seeds = p.Truth.SeedsMm.Where(s => s.Key == "liver" || s.Key.StartsWith("tumor", StringComparison.Ordinal))
            .Select(s => new SegmentSeed(s.Key.StartsWith("tumor", StringComparison.Ordinal) ? "tumor" : s.Key, s.Value)).ToList();
        var clock = Stopwatch.StartNew();
        SegmentationReport report = AbdomenCtPreset.Run(p.Hounsfield, seeds, backend);
        double seconds = clock.Elapsed.TotalSeconds;
        LabelMap labels = report.Labels;
        var line = new List<string>();
        foreach (string name in names)
        {
            (Volume<byte> a, byte va, Volume<byte> b, byte vb) = name == "body"
                ? (Binary(labels.Labels), (byte)1, Binary(p.Labels), (byte)1)
                : (labels.Labels, labels.Segments.Get(name).Value, p.Labels, Truth(name));
            (double dice, double msd) = (Overlap.Dice(a, va, b, vb), SurfaceDistance.MeanMm(a, va, b, vb));
            all[name].Add((dice, msd));
            line.Add($"{name} {dice:F4}/{msd:F2}mm");
        }
        Console.WriteLine($"{sizeText} seed {seed} noise {noise}: preset {seconds:F2} s ({string.Join(", ", report.StageSeconds.Select(s => $"{s.Key} {s.Value:F2}"))}); {string.Join(", ", line)}");
    }
    foreach (string name in names)
    {
        var r = all[name];
        Console.WriteLine($"{name,-8} Dice mean {r.Average(x => x.Dice):F4} worst {r.Min(x => x.Dice):F4}   surface distance mean {r.Average(x => x.Msd):F2} mm worst {r.Max(x => x.Msd):F2} mm");
    }
}

static void GrowCut(int size)
{
    PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(size, size, size), Seed: 1));
    var smooth = new Volume<short>(p.Hounsfield.Geometry);
    using (var cpu = new CpuBackend()) cpu.GaussianSmooth(p.Hounsfield, 1.0, smooth);
    ImageGeometry g = smooth.Geometry;
    // Strokes: each axial slice every 20 mm, every second voxel with 5 mm clearance from the liver's edge.
    List<Int3> Stroke(double zMm, bool liver)
    {
        int k = g.NearestVoxel(new Vec3(0, 0, zMm))!.Value.Z;
        var voxels = new List<Int3>();
        for (int j = 0; j < g.Dimensions.Y; j += 2)
        for (int i = 0; i < g.Dimensions.X; i += 2)
        {
            bool inLiver = p.Labels[i, j, k] == PhantomLabel.Liver;
            if (inLiver == liver && Clear(i, j, k, liver)) voxels.Add(new Int3(i, j, k));
        }
        return voxels;
    }
    bool Clear(int i, int j, int k, bool liver)
    {
        int r = (int)Math.Ceiling(5 / g.SpacingMm.X);
        for (int dj = -r; dj <= r; dj += r) for (int di = -r; di <= r; di += r)
        {
            if (!g.Contains(i + di, j + dj, k)) continue;
            if ((p.Labels[i + di, j + dj, k] == PhantomLabel.Liver) != liver) return false;
        }
        return true;
    }
    var growth = new SeedGrowth(smooth);
    var clock = Stopwatch.StartNew();
    var strokes = new List<(IReadOnlyList<Int3>, byte)>();
    for (double z = 10; z < 300; z += 20)
    {
        strokes.Add((Stroke(z, false), 0));
        List<Int3> l = Stroke(z, true);
        if (l.Count > 0) strokes.Add((l, PhantomLabel.Liver));
    }
    clock.Restart();
    growth.AddStrokes(strokes);
    Console.WriteLine($"growcut {size}^3: full run with 15 slices of strokes {clock.Elapsed.TotalSeconds:F2} s");
    double zLiver = p.Truth.SeedsMm["liver"].Z;
    foreach ((double z, bool liver) in new[] { (zLiver + 5, true), (zLiver - 5, false), (zLiver + 13, false) })
    {
        List<Int3> stroke = Stroke(z, liver);
        clock.Restart();
        long changed = growth.AddSeeds(stroke, liver ? PhantomLabel.Liver : (byte)0);
        Console.WriteLine($"growcut {size}^3: one new {(liver ? "liver" : "background")} stroke ({stroke.Count} voxels) updated {changed} voxels in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
    Console.WriteLine($"growcut {size}^3: liver Dice {Overlap.Dice(growth.Labels, PhantomLabel.Liver, p.Labels, PhantomLabel.Liver):F4}");
}

static byte Truth(string name) => name switch
{
    "bone" => PhantomLabel.Bone,
    "vessels" => PhantomLabel.Vessels,
    "liver" => PhantomLabel.Liver,
    _ => PhantomLabel.Tumor,
};

static Volume<byte> Binary(Volume<byte> labels)
{
    var b = new Volume<byte>(labels.Geometry);
    for (int i = 0; i < b.Data.Length; i++) b.Data[i] = labels.Data[i] != 0 ? (byte)1 : (byte)0;
    return b;
}
