using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Thermal;

public static partial class ThermalSimulator
{
    /// <summary>Distance in mm from a point to the segment a-b.</summary>
    private static double DistanceToSegment(Vec3 p, Vec3 a, Vec3 b)
    {
        Vec3 ab = b - a;
        double t = Math.Clamp(Vec3.Dot(p - a, ab) / Math.Max(Vec3.Dot(ab, ab), 1e-12), 0, 1);
        return (p - (a + ab * t)).Length;
    }

    /// <summary>Necrosis label and its comparison with the table zone, near vessels and over the tumour.</summary>
    private static ThermalResult Measure(LabelMap map, ImageGeometry grid, byte[] labels, BioheatProblem p, AblationZone zone, ThermalOptions options,
        double sourceRadiusMm, float dt, int steps, double seconds)
    {
        byte vessel = map.Segments.Find("vessels")?.Value ?? 0, tumor = map.Segments.Find("tumor")?.Value ?? 0;
        var necrosis = new Volume<byte>(grid);
        Int3 d = grid.Dimensions;
        // Vessel proximity on the grid: the exact distance to the sampled vessel voxels.
        var vesselMask = new Volume<byte>(grid);
        for (int n = 0; n < labels.Length; n++) vesselMask.Data[n] = vessel != 0 && labels[n] == vessel ? (byte)1 : (byte)0;
        float[] toVessel = DistanceTransform.Unsigned(vesselMask).Data;
        long necrotic = 0, inZone = 0, spared = 0, beyond = 0, both = 0, near = 0, nearNecrotic = 0, tumorVoxels = 0, tumorNecrotic = 0;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        for (int i = 0; i < d.X; i++)
        {
            int n = (k * d.Y + j) * d.X + i;
            bool dead = p.Damage[n] >= 1 && labels[n] != vessel;
            bool zoned = zone.Contains(grid.IndexToPatient(i, j, k));
            if (dead) { necrosis.Data[n] = 1; necrotic++; }
            if (zoned) inZone++;
            if (zoned && !dead) spared++;
            if (dead && !zoned) beyond++;
            if (dead && zoned) both++;
            if (zoned && labels[n] != vessel && toVessel[n] <= options.NearVesselMm) { near++; if (dead) nearNecrotic++; }
            if (tumor != 0 && labels[n] == tumor) { tumorVoxels++; if (dead) tumorNecrotic++; }
        }
        double ml = grid.SpacingMm.X * grid.SpacingMm.Y * grid.SpacingMm.Z / 1000;
        return new ThermalResult(necrosis, zone, necrotic * ml, inZone * ml, spared * ml, beyond * ml,
            necrotic + inZone == 0 ? 0 : 2.0 * both / (necrotic + inZone),
            near * ml, near == 0 ? 100 : 100.0 * nearNecrotic / near,
            tumorVoxels == 0 ? 0 : 100.0 * tumorNecrotic / tumorVoxels,
            p.TemperatureC.Max(), sourceRadiusMm, dt, steps, seconds);
    }
}
