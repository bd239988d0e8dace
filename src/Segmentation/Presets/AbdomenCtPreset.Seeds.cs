using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Presets;

public static partial class AbdomenCtPreset
{
    /// <summary>Seed names this preset understands.</summary>
    public static IReadOnlyList<string> SeedNames { get; } = ["liver", "tumor"];

    private static List<(SegmentSeed Seed, Int3 Voxel)> LocateSeeds(Volume<short> ct, IReadOnlyList<SegmentSeed> seeds)
    {
        var located = new List<(SegmentSeed, Int3)>();
        (Vec3 min, Vec3 max) = ct.Geometry.PatientBounds();
        foreach (SegmentSeed seed in seeds)
        {
            if (seed.Name != "liver" && !seed.Name.StartsWith("tumor", StringComparison.Ordinal))
            {
                throw new SegmentationException($"seed '{seed}' names '{seed.Name}'; the abdomen preset grows 'liver' and 'tumor' from seeds (body, bone and vessels need none)");
            }
            Int3 voxel = ct.Geometry.NearestVoxel(seed.PointMm)
                ?? throw new SegmentationException(
                    $"seed '{seed}' is outside the volume, which spans x {min.X:0.#}..{max.X:0.#}, y {min.Y:0.#}..{max.Y:0.#}, z {min.Z:0.#}..{max.Z:0.#} mm (LPS); give seeds in patient mm as import --json reports");
            short hu = ct[voxel.X, voxel.Y, voxel.Z];
            if (hu < -500)
            {
                throw new SegmentationException($"seed '{seed}' lies in air ({hu} HU); place it inside the {seed.Name}");
            }
            located.Add((seed, voxel));
        }
        return located;
    }

    private static (Volume<byte>? Liver, double Mean) GrowLiver(
        Volume<short> smooth, List<(SegmentSeed Seed, Int3 Voxel)> seeds, Volume<byte> body, Volume<byte> bone, Volume<byte> vessels, List<string> warnings)
    {
        List<Int3> liverSeeds = seeds.Where(s => s.Seed.Name == "liver").Select(s => s.Voxel).ToList();
        if (liverSeeds.Count == 0) return (null, double.NaN);
        ImageGeometry g = smooth.Geometry;
        var allowed = new Volume<byte>(g, (byte[])body.Data.Clone());
        MaskOps.AndNot(allowed, bone);
        MaskOps.AndNot(allowed, vessels);
        var liver = new Volume<byte>(g);
        (double mean, double low, double high) = RegionGrowing.ConfidenceConnected(smooth, liverSeeds, liver, new ConfidenceOptions(), allowed);
        double ml = MaskOps.Count(liver) * g.VoxelVolumeMm3 / 1000;
        if (ml < 1)
        {
            throw new SegmentationException($"the liver seed grew to only {ml:0.##} mL ({low:0}..{high:0} HU); place the seed inside liver tissue, away from vessels and lesions");
        }
        if (ml > 6000)
        {
            throw new SegmentationException($"the liver region grew to {ml:0} mL, so it leaked into neighbouring tissue ({low:0}..{high:0} HU); move the seed deeper into the liver");
        }
        if (ml < 300) warnings.Add($"liver is only {ml:0} mL; check the liver seed");
        ConnectedComponents.FillHoles(liver);
        return (liver, mean);
    }

    private static Volume<byte>? GrowTumors(Volume<short> smooth, List<(SegmentSeed Seed, Int3 Voxel)> seeds, Volume<byte>? liver, double liverMean)
    {
        List<(SegmentSeed Seed, Int3 Voxel)> tumorSeeds = seeds.Where(s => s.Seed.Name.StartsWith("tumor", StringComparison.Ordinal)).ToList();
        if (tumorSeeds.Count == 0) return null;
        if (liver is null)
        {
            throw new SegmentationException("a tumor seed needs a liver seed too, because tumours are grown inside the liver; add --seed x,y,z:liver");
        }
        ImageGeometry g = smooth.Geometry;
        var all = new Volume<byte>(g);
        var one = new Volume<byte>(g);
        foreach ((SegmentSeed seed, Int3 voxel) in tumorSeeds)
        {
            if (liver[voxel.X, voxel.Y, voxel.Z] == 0)
            {
                throw new SegmentationException($"tumour seed '{seed}' is not inside the segmented liver; place it within the lesion, which must lie in the liver");
            }
            (double tumorMean, _) = RegionGrowing.NeighbourhoodStats(smooth, [voxel], 1);
            double contrast = liverMean - tumorMean;
            if (Math.Abs(contrast) < 15)
            {
                throw new SegmentationException(
                    $"tumour seed '{seed}' has {tumorMean:0} HU, too close to the liver's {liverMean:0} HU to separate them; place it in the centre of the lesion");
            }
            // The boundary sits midway between lesion and parenchyma, which keeps partial-volume edges unbiased.
            double half = Math.Abs(contrast) / 2;
            RegionGrowing.Grow(smooth, [voxel], tumorMean - half, tumorMean + half, one, liver);
            byte[] a = all.Data, o = one.Data;
            for (int n = 0; n < a.Length; n++) a[n] |= o[n];
        }
        return all;
    }
}
