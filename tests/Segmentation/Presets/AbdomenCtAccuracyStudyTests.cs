using System.Diagnostics;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Metrics;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.Segmentation.Tests.Presets;

/// <summary>
/// The accuracy study at test size: the abdomen preset on 160x160x120 phantoms (2.5 mm voxels) for 5 phantom
/// seeds at 12 and 25 HU noise, CPU backend, Dice and mean surface distance per segment against the truth.
/// </summary>
public class AbdomenCtAccuracyStudyTests
{
    private static readonly int[] PhantomSeeds = [1, 2, 3, 4, 5];
    private static readonly double[] NoiseHu = [12, 25];
    private static readonly string[] Segments = ["body", "bone", "vessels", "liver", "tumor"];

    private static readonly Lazy<List<(string Case, Dictionary<string, (double Dice, double SurfaceMm)> Scores)>> Study = new(RunStudy);

    private static List<(string, Dictionary<string, (double, double)>)> RunStudy()
    {
        var rows = new List<(string, Dictionary<string, (double, double)>)>();
        using var backend = new CpuBackend();
        var clock = Stopwatch.StartNew();
        foreach (int seed in PhantomSeeds)
        foreach (double noise in NoiseHu)
        {
            PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(160, 160, 120), Seed: seed, NoiseHu: noise));
            List<SegmentSeed> seeds = p.Truth.SeedsMm.Where(s => s.Key == "liver" || s.Key.StartsWith("tumor", StringComparison.Ordinal))
                .Select(s => new SegmentSeed(s.Key.StartsWith("tumor", StringComparison.Ordinal) ? "tumor" : s.Key, s.Value)).ToList();
            LabelMap labels = AbdomenCtPreset.Run(p.Hounsfield, seeds, backend).Labels;
            var scores = new Dictionary<string, (double, double)>();
            foreach (string name in Segments)
            {
                // Body is the whole patient inside the skin (any label), as the preset's body value is only the remainder.
                (Volume<byte> a, byte va, Volume<byte> b, byte vb) = name == "body"
                    ? (Binary(labels.Labels), (byte)1, Binary(p.Labels), (byte)1)
                    : (labels.Labels, labels.Segments.Get(name).Value, p.Labels, TruthValue(name));
                scores[name] = (Overlap.Dice(a, va, b, vb), SurfaceDistance.MeanMm(a, va, b, vb));
            }
            string id = $"seed {seed} noise {noise} HU";
            rows.Add((id, scores));
            TestContext.Progress.WriteLine($"{id}: " + string.Join(", ", scores.Select(s => $"{s.Key} {s.Value.Item1:F4}/{s.Value.Item2:F2} mm")));
        }
        TestContext.Progress.WriteLine($"accuracy study: {rows.Count} cases in {clock.Elapsed.TotalSeconds:F1} s");
        return rows;
    }

    private static byte TruthValue(string name) => name switch
    {
        "bone" => PhantomLabel.Bone,
        "vessels" => PhantomLabel.Vessels,
        "liver" => PhantomLabel.Liver,
        _ => PhantomLabel.Tumor,
    };

    private static Volume<byte> Binary(Volume<byte> labels)
    {
        var b = new Volume<byte>(labels.Geometry);
        for (int n = 0; n < b.Data.Length; n++) b.Data[n] = labels.Data[n] != 0 ? (byte)1 : (byte)0;
        return b;
    }

    // Measured at 160x160x120 (Dice mean/worst, mean surface distance): body 0.9998/0.9997 0.03 mm, bone 0.974/0.973
    // 0.23 mm, vessels 0.913/0.894 0.81 mm, liver 0.968/0.957 1.09 mm, tumor 0.960/0.930 0.46 mm. The worst-case floors
    // are the targets (body 0.98, bone 0.95, liver 0.95, tumour 0.90, vessels 0.85); mean floors sit about 0.01
    // below the measured means, surface-distance ceilings about 0.2-0.3 mm above.
    [TestCase("body", 0.995, 0.98, 0.3)]
    [TestCase("bone", 0.96, 0.95, 0.45)]
    [TestCase("vessels", 0.90, 0.85, 1.1)]
    [TestCase("liver", 0.955, 0.95, 1.4)]
    [TestCase("tumor", 0.945, 0.90, 0.7)]
    public void Run_FivePhantomSeedsTwoNoiseLevels_MeanAndWorstDiceAboveFloorAndSurfaceDistanceBelowCeiling(
        string segment, double meanDiceFloor, double worstDiceFloor, double meanSurfaceCeilingMm)
    {
        var scores = Study.Value.Select(r => r.Scores[segment]).ToList();
        double mean = scores.Average(s => s.Dice), worst = scores.Min(s => s.Dice), surface = scores.Average(s => s.SurfaceMm);

        TestContext.Out.WriteLine($"{segment}: Dice mean {mean:F4} worst {worst:F4}; mean surface distance {surface:F2} mm (worst {scores.Max(s => s.SurfaceMm):F2} mm)");
        Assert.That(mean, Is.GreaterThanOrEqualTo(meanDiceFloor));
        Assert.That(worst, Is.GreaterThanOrEqualTo(worstDiceFloor));
        Assert.That(surface, Is.LessThanOrEqualTo(meanSurfaceCeilingMm));
    }
}
