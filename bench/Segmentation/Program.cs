using System.Diagnostics;
using SurgicalNav.Bench.Segmentation;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Presets;

// Segmentation workloads for ./nav bench (issue 4):
//   accuracy NXxNYxNZ SEED[,SEED...] NOISE[,NOISE...]  abdomen preset on phantoms: stage times, Dice and mean surface distance per segment
// (GrowCut editing speed is the growcut row of bench/SurgicalNav.Bench: ./nav bench --only growcut)
//   meshing [labels.seg.nrrd]                          decimation of a 1M-triangle surface to 100k (median of 3, error); with a label
//                                                      map, the default meshing (300k budget) timed and its deviation from the undecimated surface
string mode = args.Length > 0 ? args[0] : "accuracy";
if (mode == "meshing") MeshingBench.Run(args.Length > 1 ? args[1] : null);
else if (mode == "accuracy") Accuracy(args.Length > 1 ? args[1] : "512x512x300", args.Length > 2 ? args[2] : "1,2,3", args.Length > 3 ? args[3] : "12");
else throw new ArgumentException($"unknown mode '{mode}'; the modes are accuracy and meshing");

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

