using SurgicalNav.Compute;
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

    /// <summary>
    /// Liver by confidence-connected growing from the liver seeds through <paramref name="allowed"/> (soft tissue: the
    /// body without bone and vessels), widened to the blurred edge's midpoint, with lesions and vessel rims enclosed.
    /// </summary>
    private static (Volume<byte>? Liver, double Mean) GrowLiver(
        Volume<short> smooth, double blurMm, IReadOnlyList<(SegmentSeed Seed, Int3 Voxel)> seeds, Volume<byte> allowed, Volume<byte> vessels, List<string> warnings, IComputeBackend backend, MaskPool pool)
    {
        List<Int3> liverSeeds = seeds.Where(s => s.Seed.Name == "liver").Select(s => s.Voxel).ToList();
        if (liverSeeds.Count == 0) return (null, double.NaN);
        ImageGeometry g = smooth.Geometry;
        Volume<byte> liver = pool.Rent();
        (double mean, double low, double high) = RegionGrowing.ConfidenceConnected(smooth, liverSeeds, liver, new ConfidenceOptions(), allowed, backend);
        // The growing image was blurred by blurMm: the true edge lies up to about two blur widths further out.
        double step = Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z));
        int layers = Math.Max(1, (int)Math.Ceiling(2 * blurMm / step));
        ExtendLiverToLocalMidpoint(smooth, liver, allowed, mean, high, radiusMm: 2 * blurMm + step, layers);
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
        // Lesions often touch a vessel that leaves the liver, so liver alone does not enclose them. Close the
        // liver together with the vessels, then take the vessels back out: tumours and vessel rims become holes
        // that are filled, while the vessels keep their own label.
        byte[] l = liver.Data, v = vessels.Data;
        for (int n = 0; n < l.Length; n++) l[n] |= v[n];
        ConnectedComponents.FillHoles(liver);
        MaskOps.AndNot(liver, vessels);
        return (liver, mean);
    }

    /// <summary>
    /// Tumours grown from each tumour seed between lesion and parenchyma means, inside <paramref name="allowed"/> (soft
    /// tissue, which this clears outside the liver's box and so uses up).
    /// </summary>
    private static Volume<byte>? GrowTumors(
        Volume<short> smooth, IReadOnlyList<(SegmentSeed Seed, Int3 Voxel)> seeds, Volume<byte>? liver, double liverMean, Volume<byte> allowed, MaskPool pool)
    {
        List<(SegmentSeed Seed, Int3 Voxel)> tumorSeeds = seeds.Where(s => s.Seed.Name.StartsWith("tumor", StringComparison.Ordinal)).ToList();
        if (tumorSeeds.Count == 0) return null;
        if (liver is null)
        {
            throw new SegmentationException("a tumor seed needs a liver seed too, because tumours are grown inside the liver; add --seed x,y,z:liver");
        }
        ImageGeometry g = smooth.Geometry;
        // Lesions that touch a vessel leaving the liver are not enclosed by it (the vessel's partial-volume rim
        // opens a channel), so growth is bounded by the liver's extent plus a margin, not by the filled liver.
        (Int3 lo, Int3 hi) = Extent(liver, marginMm: 10);
        ClearOutside(allowed, lo, hi);
        long liverVoxels = MaskOps.Count(liver);
        Volume<byte> all = pool.Rent();
        Volume<byte> one = pool.Rent();
        foreach ((SegmentSeed seed, Int3 voxel) in tumorSeeds)
        {
            if (allowed[voxel.X, voxel.Y, voxel.Z] == 0)
            {
                throw new SegmentationException($"tumour seed '{seed}' is not within the liver (or lies on bone or a vessel); place it in the lesion, inside the liver");
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
            long grown = RegionGrowing.Grow(smooth, [voxel], tumorMean - half, tumorMean + half, one, allowed);
            if (grown > liverVoxels / 2)
            {
                throw new SegmentationException(
                    $"tumour seed '{seed}' grew to {grown * g.VoxelVolumeMm3 / 1000:0} mL, more than half the liver, so it leaked into neighbouring tissue; place the seed in the lesion's centre");
            }
            byte[] a = all.Data, o = one.Data;
            for (int n = 0; n < a.Length; n++) a[n] |= o[n];
        }
        pool.Return(one);
        return all;
    }

    /// <summary>Voxel bounding box of a mask, widened by a margin in mm and clipped to the grid.</summary>
    private static (Int3 Lo, Int3 Hi) Extent(Volume<byte> mask, double marginMm)
    {
        Int3 d = mask.Dimensions;
        int x0 = d.X, y0 = d.Y, z0 = d.Z, x1 = -1, y1 = -1, z1 = -1;
        byte[] m = mask.Data;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        {
            ReadOnlySpan<byte> row = m.AsSpan((k * d.Y + j) * d.X, d.X);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first < 0) continue;
            int last = row.LastIndexOfAnyExcept((byte)0);
            x0 = Math.Min(x0, first); x1 = Math.Max(x1, last);
            y0 = Math.Min(y0, j); y1 = Math.Max(y1, j);
            z0 = Math.Min(z0, k); z1 = Math.Max(z1, k);
        }
        Vec3 s = mask.Geometry.SpacingMm;
        int mx = (int)Math.Ceiling(marginMm / s.X), my = (int)Math.Ceiling(marginMm / s.Y), mz = (int)Math.Ceiling(marginMm / s.Z);
        return (new Int3(Math.Max(0, x0 - mx), Math.Max(0, y0 - my), Math.Max(0, z0 - mz)),
                new Int3(Math.Min(d.X - 1, x1 + mx), Math.Min(d.Y - 1, y1 + my), Math.Min(d.Z - 1, z1 + mz)));
    }

    private static void ClearOutside(Volume<byte> mask, Int3 lo, Int3 hi)
    {
        Int3 d = mask.Dimensions;
        byte[] m = mask.Data;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        {
            Span<byte> row = m.AsSpan((k * d.Y + j) * d.X, d.X);
            if (k < lo.Z || k > hi.Z || j < lo.Y || j > hi.Y) { row.Clear(); continue; }
            row[..lo.X].Clear();
            row[(hi.X + 1)..].Clear();
        }
    }
}
