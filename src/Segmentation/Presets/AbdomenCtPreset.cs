using System.Diagnostics;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Presets;

/// <summary>
/// Segments a contrast-enhanced abdominal CT (HU) into body, bone and vessels automatically (threshold plus
/// connected components), lungs where the field of view holds them, and liver and tumours from seeds (region growing).
/// </summary>
public static partial class AbdomenCtPreset
{
    /// <summary>HU bands on the smoothed image; the cut-offs sit midway between neighbouring tissues so edges are unbiased.</summary>
    /// <summary>Label value of lungs, added to the table only when the field of view holds them (the phantom's truth has none).</summary>
    private const byte LungsValue = 7;

    private const short BodyMinHu = -550, BoneMinHu = 220, VesselMinHu = 145, VesselMaxHu = BoneMinHu - 1;

    /// <summary>Runs the preset. Seeds are in patient LPS mm and named liver or tumor (several tumour seeds allowed).</summary>
    public static SegmentationReport Run(Volume<short> ct, IReadOnlyList<SegmentSeed> seeds, IComputeBackend backend, Action<string>? progress = null)
    {
        var stages = new Dictionary<string, double>();
        var warnings = new List<string>();
        var clock = Stopwatch.StartNew();
        void Stage(string name)
        {
            stages[name] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            progress?.Invoke($"segment: {name} done in {clock.Elapsed.TotalSeconds:0.00} s");
            clock.Restart();
        }

        ImageGeometry g = ct.Geometry;
        List<(SegmentSeed Seed, Int3 Voxel)> located = LocateSeeds(ct, seeds);
        SegmentTable table = SegmentTable.Abdomen();

        // Smooth with sigma of at least 1 mm and about half the coarsest voxel, so noise cannot split regions.
        double sigmaMm = Math.Max(1.0, 0.5 * Math.Max(g.SpacingMm.X, Math.Max(g.SpacingMm.Y, g.SpacingMm.Z)));
        var smooth = new Volume<short>(g);
        backend.GaussianSmooth(ct, sigmaMm, smooth);
        Stage("smooth");

        var body = new Volume<byte>(g);
        backend.Threshold(smooth, BodyMinHu, short.MaxValue, body);
        if (ConnectedComponents.KeepLargest(body) == 0)
        {
            throw new SegmentationException($"no voxel is above {BodyMinHu} HU, so there is no body in this image; check that the volume is CT in Hounsfield units");
        }
        ConnectedComponents.FillHoles(body);
        Stage("body");

        Volume<byte>? lungs = FindLungs(smooth, backend);
        Stage("lungs");

        var bone = new Volume<byte>(g);
        backend.Threshold(smooth, BoneMinHu, short.MaxValue, bone);
        MaskOps.And(bone, body);
        SnapBoneEdgesToLocalMidpoint(smooth, bone, radiusMm: 2.0);
        ConnectedComponents.RemoveSmallerThan(bone, VoxelsForMl(g, 0.3));
        // Fill in 3D, not slice by slice: marrow cavities are enclosed by cortex in 3D, while the spinal canal is
        // enclosed by the vertebral arch in each axial slice but runs through the stack, so planar filling turned it to bone.
        ConnectedComponents.FillHoles(bone);
        Stage("bone");

        var vessels = new Volume<byte>(g);
        backend.Threshold(smooth, VesselMinHu, VesselMaxHu, vessels);
        MaskOps.And(vessels, body);
        var band = new Volume<byte>(g, (byte[])vessels.Data.Clone());
        // The partial-volume rim around bone passes through vessel HU; drop anything that close to bone, keep what is
        // left and large enough as the vessel core.
        double maxSpacing = Math.Max(g.SpacingMm.X, Math.Max(g.SpacingMm.Y, g.SpacingMm.Z));
        double rimMm = Math.Max(2.0, 1.5 * maxSpacing);
        Volume<byte> boneRim = MaskOps.Dilate(bone, rimMm);
        MaskOps.AndNot(vessels, boneRim);
        ConnectedComponents.RemoveSmallerThan(vessels, VoxelsForMl(g, 0.5));
        // Where a vessel runs along bone (the aorta against the vertebrae) the rim cut away a slab of vessel. Take back
        // the band voxels that are connected to the core and not within 0.8 voxel (at least 2 mm) of bone: the halo of
        // bone alone is not connected to a core, and at coarse voxels that slab was 3-4 % of all vessel voxels.
        double touchMm = Math.Max(2.0, 0.8 * maxSpacing);
        MaskOps.AndNot(band, touchMm == rimMm ? boneRim : MaskOps.Dilate(bone, touchMm));
        ComponentLabeling parts = ConnectedComponents.Label(band);
        bool[] holdsCore = parts.Touching(vessels);
        Array.Clear(vessels.Data);
        parts.Paint(vessels, c => holdsCore[c], 1);
        ExtendVesselEdgesToLocalMidpoint(smooth, vessels, body, boneRim, radiusMm: 2.0);
        Stage("vessels");

        (Volume<short> growImage, double growBlurMm) = DenoiseForGrowing(ct, located, smooth, sigmaMm, backend);
        (Volume<byte>? liver, double liverMean) = GrowLiver(growImage, growBlurMm, located, body, bone, vessels, warnings, backend);
        Stage("liver");

        Volume<byte>? tumor = GrowTumors(growImage, located, liver, liverMean, body, bone, vessels);
        Stage("tumor");

        LabelMap map = Compose(g, table, body, lungs, liver, tumor, vessels, bone);
        Stage("compose");
        if (liver is null) warnings.Add("no liver seed given: liver and tumour were not segmented; pass --seed x,y,z:liver (and x,y,z:tumor) in patient mm");
        return new SegmentationReport(map, stages, backend.Name, warnings);
    }

    /// <summary>Noise, in HU, that region growing can tolerate: the liver and its closest neighbour (kidney) differ by about 20 HU.</summary>
    private const double GrowNoiseHu = 4;

    /// <summary>
    /// The image liver and tumours grow on. Confidence-connected growing widens its interval with the noise it
    /// measures, so noisy or coarse images must be smoothed until the noise is well below the smallest tissue contrast
    /// it must respect. The raw noise is measured around the liver seeds; a 3D Gaussian of σ voxels divides white noise
    /// by (2√π σ)^1.5, which gives the σ needed. Where the preset's smoothing is already enough (fine grids, low
    /// noise) its image is reused unchanged.
    /// </summary>
    private static (Volume<short> Image, double BlurMm) DenoiseForGrowing(Volume<short> ct, List<(SegmentSeed Seed, Int3 Voxel)> seeds, Volume<short> smooth, double sigmaMm, IComputeBackend backend)
    {
        List<Int3> liverSeeds = seeds.Where(s => s.Seed.Name == "liver").Select(s => s.Voxel).ToList();
        if (liverSeeds.Count == 0) return (smooth, sigmaMm);
        (_, double noiseHu) = RegionGrowing.NeighbourhoodStats(ct, liverSeeds, 2);
        double sigmaVoxels = Math.Pow(Math.Max(noiseHu, GrowNoiseHu) / GrowNoiseHu, 2.0 / 3) / (2 * Math.Sqrt(Math.PI));
        double neededMm = Math.Min(3.0, sigmaVoxels * Math.Cbrt(ct.Geometry.VoxelVolumeMm3));
        if (neededMm <= sigmaMm * 1.05) return (smooth, sigmaMm);
        var denoised = new Volume<short>(ct.Geometry);
        backend.GaussianSmooth(ct, neededMm, denoised);
        return (denoised, neededMm);
    }

    private static long VoxelsForMl(ImageGeometry g, double ml) => Math.Max(1, (long)Math.Ceiling(ml * 1000 / g.VoxelVolumeMm3));

    private static LabelMap Compose(ImageGeometry g, SegmentTable table, Volume<byte> body, Volume<byte>? lungs, Volume<byte>? liver, Volume<byte>? tumor, Volume<byte> vessels, Volume<byte> bone)
    {
        var labels = new Volume<byte>(g);
        byte[] o = labels.Data, b = body.Data, lu = lungs?.Data ?? [], li = liver?.Data ?? [], tu = tumor?.Data ?? [], ve = vessels.Data, bo = bone.Data;
        byte vBody = table.Get("body").Value, vLiver = table.Get("liver").Value, vTumor = table.Get("tumor").Value;
        byte vVessels = table.Get("vessels").Value, vBone = table.Get("bone").Value;
        int slice = g.Dimensions.X * g.Dimensions.Y;
        // Priority, lowest first: body, lungs, liver, tumour, vessels, bone.
        Parallel.For(0, g.Dimensions.Z, k =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++)
            {
                byte v = b[n] != 0 ? vBody : (byte)0;
                if (lu.Length > 0 && lu[n] != 0) v = LungsValue;
                if (li.Length > 0 && li[n] != 0) v = vLiver;
                if (tu.Length > 0 && tu[n] != 0) v = vTumor;
                if (ve[n] != 0) v = vVessels;
                if (bo[n] != 0) v = vBone;
                o[n] = v;
            }
        });
        var used = new SegmentTable(table.Segments.Where(s => s.Name != "kidney"));
        if (lungs is not null) used.Add(new SegmentInfo(LungsValue, "lungs", [0.75f, 0.85f, 0.95f]));
        return new LabelMap(labels, used);
    }
}
