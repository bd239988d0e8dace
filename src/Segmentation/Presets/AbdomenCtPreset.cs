using System.Diagnostics;
using System.Runtime.CompilerServices;
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

    /// <summary>Runs the preset on a CT (HU), which it does not change. Seeds are in patient LPS mm and named liver or tumor (several tumour seeds allowed).</summary>
    public static SegmentationReport Run(Volume<short> ct, IReadOnlyList<SegmentSeed> seeds, IComputeBackend backend, Action<string>? progress = null) =>
        Run(Prepare(ct, seeds), backend, progress);

    /// <summary>
    /// Checks the seeds against the CT, chooses the blur, and copies out the box around the body that the preset works
    /// on (see <see cref="BodyBox"/>). The result holds no reference to <paramref name="ct"/>.
    /// </summary>
    public static AbdomenCtScan Prepare(Volume<short> ct, IReadOnlyList<SegmentSeed> seeds)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ImageGeometry full = ct.Geometry;
        List<(SegmentSeed Seed, Int3 Voxel)> located = LocateSeeds(ct, seeds);
        // Smooth with sigma of at least 1 mm and about half the coarsest voxel, so noise cannot split regions.
        double sigmaMm = Math.Max(1.0, 0.5 * Math.Max(full.SpacingMm.X, Math.Max(full.SpacingMm.Y, full.SpacingMm.Z)));
        double growBlurMm = GrowingBlurMm(ct, located, sigmaMm);
        VoxelBox box = BodyBox(ct, Math.Max(sigmaMm, growBlurMm));
        return new AbdomenCtScan(full, box, box.Copy(ct), [.. located.Select(s => (s.Seed, box.ToBox(s.Voxel)))], sigmaMm, growBlurMm);
    }

    /// <summary>Segments a prepared scan (using up its raw box); the labels come back on the whole scan's grid.</summary>
    // Optimised from the first call: tier-0 code reports every local and spilled temporary as live until the method
    // returns, which kept each dropped image and mask resident through the rest of the preset (it runs once per process).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SegmentationReport Run(AbdomenCtScan scan, IComputeBackend backend, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var stages = new Dictionary<string, double>();
        var warnings = new List<string>();
        var clock = Stopwatch.StartNew();
        void Stage(string name)
        {
            stages[name] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            progress?.Invoke($"segment: {name} done in {clock.Elapsed.TotalSeconds:0.00} s");
            clock.Restart();
        }

        SegmentTable table = SegmentTable.Abdomen();
        IReadOnlyList<(SegmentSeed Seed, Int3 Voxel)> located = scan.SeedsInBox;
        (Volume<short> smooth, Volume<short> growImage) = SmoothBox(scan, backend);
        ImageGeometry g = smooth.Geometry;
        var pool = new MaskPool(g);
        Stage("smooth");

        Volume<byte> body = FindBody(smooth, backend, pool);
        Stage("body");

        Volume<byte>? lungs = FindLungs(smooth, scan.ScanGeometry, backend, pool);
        Stage("lungs");

        Volume<byte> bone = FindBone(smooth, body, backend, pool);
        Stage("bone");

        Volume<byte> vessels = FindVessels(smooth, body, bone, backend, pool);
        Stage("vessels");

        // Soft tissue: the body without bone and vessels, where liver and tumours may grow. Body, lungs and bone are
        // final now, so they are painted into one label volume of the box and their masks go back to the pool.
        Volume<byte> soft = pool.RentCopy(body);
        MaskOps.AndNot(soft, bone);
        MaskOps.AndNot(soft, vessels);
        Volume<byte> boxLabels = PaintFinished(pool, table, body, lungs, vessels, bone);
        (Volume<byte>? liver, double liverMean) = GrowLiver(growImage, scan.GrowBlurMm, located, soft, vessels, warnings, backend, pool);
        pool.Return(vessels);
        Stage("liver");

        Volume<byte>? tumor = GrowTumors(growImage, located, liver, liverMean, soft, pool);
        pool.Return(soft);
        pool.ReleaseAll();
        Stage("tumor");

        LabelMap map = Compose(scan.ScanGeometry, scan.Box, table, boxLabels, lungs is not null, liver, tumor);
        Stage("compose");
        if (liver is null) warnings.Add("no liver seed given: liver and tumour were not segmented; pass --seed x,y,z:liver (and x,y,z:tumor) in patient mm");
        return new SegmentationReport(map, stages, backend.Name, warnings);
    }

    /// <summary>The body: the largest component at or above <see cref="BodyMinHu"/>, with its holes filled.</summary>
    private static Volume<byte> FindBody(Volume<short> smooth, IComputeBackend backend, MaskPool pool)
    {
        Volume<byte> body = pool.Rent();
        backend.Threshold(smooth, BodyMinHu, short.MaxValue, body);
        if (ConnectedComponents.KeepLargest(body) == 0)
        {
            throw new SegmentationException($"no voxel is above {BodyMinHu} HU, so there is no body in this image; check that the volume is CT in Hounsfield units");
        }
        ConnectedComponents.FillHoles(body);
        return body;
    }

    /// <summary>Bone: at or above <see cref="BoneMinHu"/> in the body, edges snapped to the local midpoint, small bits dropped, marrow filled.</summary>
    private static Volume<byte> FindBone(Volume<short> smooth, Volume<byte> body, IComputeBackend backend, MaskPool pool)
    {
        Volume<byte> bone = pool.Rent();
        backend.Threshold(smooth, BoneMinHu, short.MaxValue, bone);
        MaskOps.And(bone, body);
        SnapBoneEdgesToLocalMidpoint(smooth, bone, radiusMm: 2.0);
        ConnectedComponents.RemoveSmallerThan(bone, VoxelsForMl(bone.Geometry, 0.3));
        // Fill in 3D, not slice by slice: marrow cavities are enclosed by cortex in 3D, while the spinal canal is
        // enclosed by the vertebral arch in each axial slice but runs through the stack, so planar filling turned it to bone.
        ConnectedComponents.FillHoles(bone);
        return bone;
    }

    /// <summary>
    /// Paints the segments that growing does not change into a label volume of the box, in priority order (body, lungs,
    /// vessels, bone; later wins), and gives the body, lungs and bone masks back to the pool. Vessels stay with the caller.
    /// </summary>
    private static Volume<byte> PaintFinished(MaskPool pool, SegmentTable table, Volume<byte> body, Volume<byte>? lungs, Volume<byte> vessels, Volume<byte> bone)
    {
        Volume<byte> labels = pool.Rent();
        byte[] o = labels.Data, b = body.Data, lu = lungs?.Data ?? [], ve = vessels.Data, bo = bone.Data;
        byte vBody = table.Get("body").Value, vVessels = table.Get("vessels").Value, vBone = table.Get("bone").Value;
        int slice = labels.Dimensions.X * labels.Dimensions.Y;
        Parallel.For(0, labels.Dimensions.Z, k =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++)
            {
                byte v = b[n] != 0 ? vBody : (byte)0;
                if (lu.Length > 0 && lu[n] != 0) v = LungsValue;
                if (ve[n] != 0) v = vVessels;
                if (bo[n] != 0) v = vBone;
                o[n] = v;
            }
        });
        pool.Return(body);
        pool.Return(lungs);
        pool.Return(bone);
        return labels;
    }

    /// <summary>
    /// The smallest box that holds every voxel the preset can label, so the work runs on the body's share of the
    /// image instead of the whole field of view (about half of it on an abdominal scan). Every segment lies in the
    /// body, which is at or above <see cref="BodyMinHu"/> after smoothing, and a weighted mean can only reach that
    /// where the kernel covers a raw voxel that does: so the box of raw voxels at or above it, widened by one kernel
    /// radius, holds the body. A second radius keeps the smoothing of every voxel that matters clear of the box's
    /// faces, where the box's own clamp-to-edge borders would differ from the full image's.
    /// </summary>
    private static VoxelBox BodyBox(Volume<short> ct, double largestSigmaMm)
    {
        Int3 d = ct.Dimensions;
        int x0 = d.X, y0 = d.Y, z0 = d.Z, x1 = -1, y1 = -1, z1 = -1;
        var gate = new Lock();
        Parallel.For(0, d.Z, k =>
        {
            int lx0 = d.X, ly0 = d.Y, lx1 = -1, ly1 = -1;
            for (int j = 0; j < d.Y; j++)
            {
                ReadOnlySpan<short> row = ct.Data.AsSpan((k * d.Y + j) * d.X, d.X);
                int first = row.IndexOfAnyInRange(BodyMinHu, short.MaxValue);
                if (first < 0) continue;
                lx0 = Math.Min(lx0, first);
                lx1 = Math.Max(lx1, row.LastIndexOfAnyInRange(BodyMinHu, short.MaxValue));
                ly0 = Math.Min(ly0, j);
                ly1 = j;
            }
            if (lx1 < 0) return;
            lock (gate)
            {
                (x0, x1, y0, y1, z0, z1) = (Math.Min(x0, lx0), Math.Max(x1, lx1), Math.Min(y0, ly0), Math.Max(y1, ly1), Math.Min(z0, k), Math.Max(z1, k));
            }
        });
        if (x1 < 0)
        {
            throw new SegmentationException($"no voxel is above {BodyMinHu} HU, so there is no body in this image; check that the volume is CT in Hounsfield units");
        }
        Vec3 s = ct.Geometry.SpacingMm;
        int Pad(double spacing) => 2 * GaussianRadiusVoxels(largestSigmaMm, spacing) + 1;
        return new VoxelBox(new Int3(x0, y0, z0), new Int3(x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1)).Grow(new Int3(Pad(s.X), Pad(s.Y), Pad(s.Z)), d);
    }

    /// <summary>The backends' Gaussian kernel radius in voxels: ceil(3 sigma) (see IComputeBackend.GaussianSmooth).</summary>
    private static int GaussianRadiusVoxels(double sigmaMm, double spacingMm) => (int)Math.Ceiling(3 * sigmaMm / spacingMm);

    /// <summary>
    /// The box's smoothed image, and the one liver and tumours grow on (the same one unless the noise needs more
    /// blur; see <see cref="GrowingBlurMm"/>), smoothed in place of the raw box where one image is enough.
    /// </summary>
    private static (Volume<short> Smooth, Volume<short> GrowImage) SmoothBox(AbdomenCtScan scan, IComputeBackend backend)
    {
        // The raw box is taken here, not in the caller, so no frame of the caller's can keep it once it is smoothed.
        Volume<short> raw = scan.TakeRaw();
        (double sigmaMm, double growBlurMm) = (scan.SigmaMm, scan.GrowBlurMm);
        if (growBlurMm <= sigmaMm)
        {
            backend.GaussianSmooth(raw, sigmaMm, raw);
            return (raw, raw);
        }
        var smooth = Volume<short>.Uninitialized(raw.Geometry);
        backend.GaussianSmooth(raw, sigmaMm, smooth);
        backend.GaussianSmooth(raw, growBlurMm, raw);
        return (smooth, raw);
    }

    /// <summary>
    /// Vessels: contrast-filled voxels in the body, away from bone's partial-volume rim, in components large enough to
    /// be vessel cores, with what the rim cut from vessels that run along bone taken back, widened to the local edge midpoint.
    /// </summary>
    private static Volume<byte> FindVessels(Volume<short> smooth, Volume<byte> body, Volume<byte> bone, IComputeBackend backend, MaskPool pool)
    {
        ImageGeometry g = smooth.Geometry;
        Volume<byte> vessels = pool.Rent();
        backend.Threshold(smooth, VesselMinHu, VesselMaxHu, vessels);
        MaskOps.And(vessels, body);
        Volume<byte> band = pool.RentCopy(vessels);
        // The partial-volume rim around bone passes through vessel HU; drop anything that close to bone, keep what is
        // left and large enough as the vessel core.
        double maxSpacing = Math.Max(g.SpacingMm.X, Math.Max(g.SpacingMm.Y, g.SpacingMm.Z));
        double rimMm = Math.Max(2.0, 1.5 * maxSpacing);
        Volume<byte> boneRim = pool.Rent();
        MaskOps.Dilate(bone, rimMm, boneRim);
        MaskOps.AndNot(vessels, boneRim);
        ConnectedComponents.RemoveSmallerThan(vessels, VoxelsForMl(g, 0.5));
        // Where a vessel runs along bone (the aorta against the vertebrae) the rim cut away a slab of vessel. Take back
        // the band voxels that are connected to the core and not within 0.8 voxel (at least 2 mm) of bone: the halo of
        // bone alone is not connected to a core, and at coarse voxels that slab was 3-4 % of all vessel voxels.
        double touchMm = Math.Max(2.0, 0.8 * maxSpacing);
        if (touchMm == rimMm)
        {
            MaskOps.AndNot(band, boneRim);
        }
        else
        {
            Volume<byte> touching = pool.Rent();
            MaskOps.Dilate(bone, touchMm, touching);
            MaskOps.AndNot(band, touching);
            pool.Return(touching);
        }
        ComponentLabeling parts = ConnectedComponents.Label(band);
        pool.Return(band);
        bool[] holdsCore = parts.Touching(vessels);
        Array.Clear(vessels.Data);
        parts.Paint(vessels, c => holdsCore[c], 1);
        ExtendVesselEdgesToLocalMidpoint(smooth, vessels, body, boneRim, radiusMm: 2.0);
        pool.Return(boneRim);
        return vessels;
    }

    /// <summary>Noise, in HU, that region growing can tolerate: the liver and its closest neighbour (kidney) differ by about 20 HU.</summary>
    private const double GrowNoiseHu = 4;

    /// <summary>
    /// The blur, in mm, of the image liver and tumours grow on. Confidence-connected growing widens its interval with
    /// the noise it measures, so noisy or coarse images must be smoothed until the noise is well below the smallest
    /// tissue contrast it must respect. The raw noise is measured around the liver seeds; a 3D Gaussian of σ voxels
    /// divides white noise by (2√π σ)^1.5, which gives the σ needed. Where the preset's smoothing is already enough
    /// (fine grids, low noise) its sigma is returned and its image reused.
    /// </summary>
    private static double GrowingBlurMm(Volume<short> ct, List<(SegmentSeed Seed, Int3 Voxel)> seeds, double sigmaMm)
    {
        List<Int3> liverSeeds = seeds.Where(s => s.Seed.Name == "liver").Select(s => s.Voxel).ToList();
        if (liverSeeds.Count == 0) return sigmaMm;
        (_, double noiseHu) = RegionGrowing.NeighbourhoodStats(ct, liverSeeds, 2);
        double sigmaVoxels = Math.Pow(Math.Max(noiseHu, GrowNoiseHu) / GrowNoiseHu, 2.0 / 3) / (2 * Math.Sqrt(Math.PI));
        double neededMm = Math.Min(3.0, sigmaVoxels * Math.Cbrt(ct.Geometry.VoxelVolumeMm3));
        return neededMm <= sigmaMm * 1.05 ? sigmaMm : neededMm;
    }

    private static long VoxelsForMl(ImageGeometry g, double ml) => Math.Max(1, (long)Math.Ceiling(ml * 1000 / g.VoxelVolumeMm3));

    /// <summary>
    /// The label map on the full grid: the box's finished labels with liver and tumours painted over body and lungs
    /// (priority, lowest first: body, lungs, liver, tumour, vessels, bone), zero outside the box.
    /// </summary>
    private static LabelMap Compose(ImageGeometry full, VoxelBox box, SegmentTable table, Volume<byte> boxLabels, bool hasLungs, Volume<byte>? liver, Volume<byte>? tumor)
    {
        var labels = new Volume<byte>(full);
        byte[] o = labels.Data, f = boxLabels.Data, li = liver?.Data ?? [], tu = tumor?.Data ?? [];
        byte vBody = table.Get("body").Value, vLiver = table.Get("liver").Value, vTumor = table.Get("tumor").Value;
        Int3 size = box.Size;
        Parallel.For(0, size.Z, k =>
        {
            for (int j = 0; j < size.Y; j++)
            {
                int n0 = (k * size.Y + j) * size.X;
                int o0 = (int)full.Linear(box.Lo.X, box.Lo.Y + j, box.Lo.Z + k);
                for (int i = 0; i < size.X; i++)
                {
                    int n = n0 + i;
                    byte v = f[n];
                    if (v == vBody || v == LungsValue)
                    {
                        if (li.Length > 0 && li[n] != 0) v = vLiver;
                        if (tu.Length > 0 && tu[n] != 0) v = vTumor;
                    }
                    o[o0 + i] = v;
                }
            }
        });
        var used = new SegmentTable(table.Segments.Where(s => s.Name != "kidney"));
        if (hasLungs) used.Add(new SegmentInfo(LungsValue, "lungs", [0.75f, 0.85f, 0.95f]));
        return new LabelMap(labels, used);
    }
}
