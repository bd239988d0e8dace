namespace SurgicalNav.Imaging.Phantom;

/// <summary>Ground truth written beside a phantom series as truth.json: tumours and one seed point per organ, in patient LPS mm.</summary>
public sealed record PhantomTruth(
    int Seed,
    double NoiseHu,
    int[] Size,
    IReadOnlyList<PhantomTumor> Tumors,
    IReadOnlyDictionary<string, Vec3> SeedsMm,
    IReadOnlyDictionary<string, byte> LabelValues);

/// <summary>One tumour: centre in patient LPS mm and radius in mm.</summary>
public sealed record PhantomTumor(string Name, Vec3 CenterMm, double RadiusMm);
