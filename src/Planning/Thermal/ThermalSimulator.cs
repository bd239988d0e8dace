using System.Diagnostics;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Thermal;

/// <summary>
/// The thermal digital twin of one needle: a Pennes bioheat simulation (explicit finite differences on the compute
/// backend) on a grid around the table zone, with per-tissue properties from the tissue table, vessels held at
/// 37 °C as heat sinks, the far boundary held at 37 °C, the absorbed power deposited uniformly within
/// a radius of the active tip (the near field of the antenna, where the power is absorbed directly), temperatures
/// capped at <see cref="ThermalOptions.MaxTemperatureC"/> (vaporisation), perfusion stopping as tissue coagulates, and
/// the Arrhenius damage integral (Omega ≥ 1 is necrosis). The deposition radius is calibrated per device row: the
/// radius at which the row's power in homogeneous liver on the same grid gives the table zone's volume. What remains
/// is what the patient's anatomy changes.
/// </summary>
public static partial class ThermalSimulator
{
    /// <summary>
    /// Simulates the needle from <paramref name="entryMm"/> to <paramref name="tipMm"/> (patient LPS mm) with the device
    /// row's power and time; throws <see cref="PlanningException"/> for a tip outside the image or an active tip that
    /// deposits nowhere on the grid.
    /// </summary>
    public static ThermalResult Simulate(LabelMap map, Vec3 entryMm, Vec3 tipMm, NeedleModel needle, AblationDevice device, AblationZoneRow row,
        IComputeBackend backend, TissueTable? tissues = null, ThermalOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        tissues ??= TissueTable.Load();
        options ??= new ThermalOptions();
        if (map.Geometry.NearestVoxel(tipMm) is null) throw new PlanningException($"needle tip {tipMm} mm is outside the image; re-plan the needle");
        if ((tipMm - entryMm).Length < needle.ActiveTipMm) throw new PlanningException($"the needle path ({(tipMm - entryMm).Length:0} mm) is shorter than its active tip ({needle.ActiveTipMm:0} mm)");
        AblationZone zone = AblationZone.ForNeedle(entryMm, tipMm, row, device.TipOffsetMm);
        ImageGeometry grid = Grid(zone, options);
        byte[] labels = Sample(map, grid);

        // Calibration in homogeneous liver: the radius of the heated near field (the antenna's deposition) at which the
        // row's power gives the table zone's volume; necrosis grows with it, so bisection finds it.
        byte liver = map.Segments.Find("liver")?.Value ?? (byte)255;
        byte[] homogeneous = new byte[labels.Length];
        Array.Fill(homogeneous, liver);
        var liverOnly = new SegmentTable([new SegmentInfo(liver, "liver", [1, 0, 0, 1])]);
        double voxelMl = grid.SpacingMm.X * grid.SpacingMm.Y * grid.SpacingMm.Z / 1000;
        double target = zone.VolumeMl;
        double lo = options.GridMm / 2, hi = Math.Max(zone.DiameterMm, zone.LengthMm) / 2;
        double NecroticMl(double radiusMm) =>
            Run(homogeneous, liverOnly, grid, zone, tipMm, needle, row, radiusMm, backend, tissues, options, out _, out _).Damage.Count(o => o >= 1) * voxelMl;
        for (int n = 0; n < 10 && hi - lo > options.GridMm / 8; n++)
        {
            double mid = (lo + hi) / 2;
            if (NecroticMl(mid) < target) lo = mid; else hi = mid;
        }
        double radius = (lo + hi) / 2;

        BioheatProblem p = Run(labels, map.Segments, grid, zone, tipMm, needle, row, radius, backend, tissues, options, out float dt, out int steps);
        ThermalResult result = Measure(map, grid, labels, p, zone, options, radius, dt, steps, 0);
        return result with { Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>An axis-aligned grid (patient LPS) around the zone: its half-extent plus the margin, at the grid spacing.</summary>
    private static ImageGeometry Grid(AblationZone zone, ThermalOptions options)
    {
        double half = Math.Max(zone.LengthMm, zone.DiameterMm) / 2 + options.MarginMm;
        int n = (int)Math.Ceiling(2 * half / options.GridMm) + 1;
        Vec3 origin = zone.CenterMm - new Vec3(1, 1, 1) * ((n - 1) * options.GridMm / 2);
        return ImageGeometry.Axial(new Int3(n, n, n), new Vec3(options.GridMm, options.GridMm, options.GridMm), origin);
    }

    /// <summary>Nearest-neighbour labels on the grid (0 outside the image).</summary>
    private static byte[] Sample(LabelMap map, ImageGeometry grid)
    {
        Int3 d = grid.Dimensions;
        var labels = new byte[grid.VoxelCount];
        Parallel.For(0, d.Z, k =>
        {
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                Int3? v = map.Geometry.NearestVoxel(grid.IndexToPatient(i, j, k));
                labels[(k * d.Y + j) * d.X + i] = v is Int3 q ? map.Labels[q.X, q.Y, q.Z] : (byte)0;
            }
        });
        return labels;
    }

    private static BioheatProblem Run(byte[] labels, SegmentTable segments, ImageGeometry grid, AblationZone zone, Vec3 tipMm, NeedleModel needle, AblationZoneRow row,
        double sourceRadiusMm, IComputeBackend backend, TissueTable tissues, ThermalOptions options, out float dt, out int steps)
    {
        var p = new BioheatProblem(grid)
        {
            LnFrequencyFactor = Math.Log(tissues.FrequencyFactorPerS),
            ActivationEnergyJPerMol = tissues.ActivationEnergyJPerMol,
            MaxTemperatureC = (float)options.MaxTemperatureC,
            PerfusionStopsWithDamage = true,
        };
        var byValue = new TissueProperties?[256];
        var isVessel = new bool[256];
        foreach (SegmentInfo s in segments.Segments)
        {
            byValue[s.Value] = tissues.For(s.Name);
            isVessel[s.Value] = string.Equals(s.Name, "vessels", StringComparison.OrdinalIgnoreCase);
        }
        TissueProperties body = tissues.For("body");
        Int3 d = grid.Dimensions;
        var sourceVoxels = new List<int>();
        Vec3 activeStart = tipMm - zone.Axis * needle.ActiveTipMm;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        for (int i = 0; i < d.X; i++)
        {
            int n = (k * d.Y + j) * d.X + i;
            TissueProperties t = byValue[labels[n]] ?? body;
            p.DiffusivityMm2PerS[n] = (float)t.DiffusivityMm2PerS;
            p.PerfusionPerS[n] = (float)tissues.PerfusionRatePerS(t);
            bool shell = i == 0 || j == 0 || k == 0 || i == d.X - 1 || j == d.Y - 1 || k == d.Z - 1;
            if (shell || (options.VesselsAsHeatSink && isVessel[labels[n]])) p.Fixed[n] = 1;
            else if (DistanceToSegment(grid.IndexToPatient(i, j, k), activeStart, tipMm) <= sourceRadiusMm) sourceVoxels.Add(n);
        }
        if (sourceVoxels.Count == 0) throw new PlanningException("the needle's active tip deposits no power on the simulation grid (it lies in a vessel or at the grid edge); move the needle");
        double voxelM3 = grid.SpacingMm.X * grid.SpacingMm.Y * grid.SpacingMm.Z * 1e-9;
        double wattsPerM3 = row.PowerW / (sourceVoxels.Count * voxelM3);
        foreach (int n in sourceVoxels)
        {
            TissueProperties t = byValue[labels[n]] ?? body;
            p.SourceKPerS[n] = (float)(wattsPerM3 / (t.DensityKgPerM3 * t.HeatCapacityJPerKgK));
        }
        float stable = p.StableTimeStepS();
        steps = Math.Max(1, (int)Math.Ceiling(row.TimeS / stable));
        dt = (float)(row.TimeS / steps);
        p.TimeStepS = dt;
        backend.Bioheat(p, steps);
        return p;
    }
}
