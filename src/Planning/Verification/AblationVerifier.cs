using System.Diagnostics;
using SurgicalNav.Imaging;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Registration;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Masks;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Planning.Verification;

/// <summary>
/// Checks an ablation on the post-op CT: registers it rigidly to the pre-op CT on bone surfaces, segments the
/// hypodense zone seeded at the planned zone centre, and measures the minimal ablative margin A0 (exact signed
/// distance), the residual uncovered tumour and a margin map on the tumour surface, all in the pre-op frame.
/// </summary>
public static class AblationVerifier
{
    /// <summary>
    /// Verifies the ablation planned as <paramref name="plannedZone"/> (pre-op LPS mm) of the tumour part holding its
    /// centre. Throws <see cref="PlanningException"/> when the series does not register, the centre is not in a
    /// tumour, or no zone can be delimited.
    /// </summary>
    public static VerificationResult Verify(Volume<short> preCt, LabelMap preLabels, Volume<short> postCt, AblationZone plannedZone, double requiredMarginMm = Plan.DefaultMarginMm, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(preCt);
        ArgumentNullException.ThrowIfNull(preLabels);
        ArgumentNullException.ThrowIfNull(postCt);
        ArgumentNullException.ThrowIfNull(plannedZone);
        options ??= VerificationOptions.Default;
        if (!preCt.Geometry.SameGrid(preLabels.Geometry)) throw new PlanningException("the case's CT and labels are on different grids; re-run 'surgicalnav case'");
        var clock = Stopwatch.StartNew();
        Volume<byte> tumor = AblationPlanner.TumorPartAt(preLabels, plannedZone.CenterMm)
            ?? throw new PlanningException($"the planned zone centre {plannedZone.CenterMm} mm is not inside a tumour of the case; re-plan the needle on the tumour");
        PostOpRegistration registration = PostOpRegistrar.Register(preCt, postCt, options);

        Crop crop = Crop.Around(tumor, [plannedZone], options.BoxMarginMm);
        RigidTransform preToPost = registration.PostToPre.Inverse();
        Volume<short> seen = VolumeSampling.Resample(postCt, p => preToPost.Apply(p), crop.Geometry, -1024);
        Volume<byte> liver = CropMask(preLabels, crop, preLabels.Segments.Find("liver")?.Value);
        (Volume<byte> zone, double zoneHu, double liverHu) = AblationZoneSegmenter.Segment(seen, liver, plannedZone.CenterMm, options);

        CoverageReport coverage = AblationCoverage.Measure(preLabels, tumor, crop, zone, requiredMarginMm);
        Volume<byte> tumorCrop = CropMask(tumor, crop);
        long tumorVoxels = 0, uncovered = 0, zoneVoxels = 0;
        double cx = 0, cy = 0, cz = 0;
        Int3 n = crop.Geometry.Dimensions;
        for (int k = 0; k < n.Z; k++)
        for (int j = 0; j < n.Y; j++)
        for (int i = 0; i < n.X; i++)
        {
            if (zone[i, j, k] != 0) { zoneVoxels++; cx += i; cy += j; cz += k; }
            if (tumorCrop[i, j, k] == 0) continue;
            tumorVoxels++;
            if (zone[i, j, k] == 0) uncovered++;
        }
        double voxelMl = crop.Geometry.VoxelVolumeMm3 / 1000;
        Vec3 centroid = crop.Geometry.IndexToPatient(cx / zoneVoxels, cy / zoneVoxels, cz / zoneVoxels);
        MarginMap margins = MapMargins(tumorCrop, zone);
        return new VerificationResult(
            registration, zone, zoneVoxels * voxelMl, centroid, (centroid - plannedZone.CenterMm).Length, zoneHu, liverHu, coverage,
            tumorVoxels * voxelMl, uncovered * voxelMl, margins, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The tumour surface coloured by margin: the signed distance to the zone (exact EDT between voxel centres) sampled
    /// at each vertex, less half a voxel towards the boundary, since centre-to-centre distances overstate it by that much.
    /// </summary>
    private static MarginMap MapMargins(Volume<byte> tumor, Volume<byte> zone)
    {
        var table = new SegmentTable([new SegmentInfo(1, "tumor margin", [0.8f, 0.8f, 0.8f])]);
        Mesh surface = LabelMeshes.Build(new LabelMap(tumor, table), MeshingOptions.Default).FirstOrDefault()
            ?? throw new PlanningException("the tumour has no surface to map margins on; check the segmentation");
        Volume<float> signed = DistanceTransform.Signed(zone);
        Vec3 s = zone.Geometry.SpacingMm;
        double half = (s.X + s.Y + s.Z) / 6;
        var margin = new float[surface.VertexCount];
        float[] p = surface.PositionsMm;
        for (int v = 0; v < margin.Length; v++)
        {
            double m = -VolumeSampling.At(signed, new Vec3(p[3 * v], p[3 * v + 1], p[3 * v + 2]), 0);
            margin[v] = (float)(m - Math.Sign(m) * Math.Min(half, Math.Abs(m)));
        }
        return MarginMap.Create(surface, margin);
    }

    private static Volume<byte> CropMask(LabelMap map, Crop crop, byte? value)
    {
        var mask = new Volume<byte>(crop.Geometry);
        if (value is not byte v) return mask;
        Int3 n = crop.Geometry.Dimensions;
        for (int k = 0; k < n.Z; k++)
        for (int j = 0; j < n.Y; j++)
        for (int i = 0; i < n.X; i++) mask[i, j, k] = map.Labels[i + crop.Lo.X, j + crop.Lo.Y, k + crop.Lo.Z] == v ? (byte)1 : (byte)0;
        return mask;
    }

    private static Volume<byte> CropMask(Volume<byte> full, Crop crop)
    {
        var mask = new Volume<byte>(crop.Geometry);
        Int3 n = crop.Geometry.Dimensions;
        for (int k = 0; k < n.Z; k++)
        for (int j = 0; j < n.Y; j++)
        for (int i = 0; i < n.X; i++) mask[i, j, k] = full[i + crop.Lo.X, j + crop.Lo.Y, k + crop.Lo.Z];
        return mask;
    }
}
