using System.Diagnostics;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Segmentation;

/// <summary>Decimation speed on a 1M-triangle surface and the frame-budget figures of the default label meshing.</summary>
internal static class MeshingBench
{
    public static void Run(string? labelsPath)
    {
        if (Environment.GetEnvironmentVariable("MESHING_SKIP_DECIMATION") is null) Decimation();
        if (labelsPath is not null) LabelMeshing(labelsPath);
    }

    /// <summary>A bumpy sphere (radius 80 mm, 4 mm bumps) on a 0.5 mm grid, marching cubes (about 1M triangles), then to 100k.</summary>
    private static void Decimation()
    {
        const int n = 350;
        var geometry = ImageGeometry.Axial(new Int3(n, n, n), new Vec3(0.5, 0.5, 0.5), new Vec3(-87, -87, -87));
        var ct = new Volume<short>(geometry);
        Parallel.For(0, n, k =>
        {
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                {
                    Vec3 p = geometry.IndexToPatient(i, j, k);
                    double r = p.Length, sdf = r - 80;
                    if (Math.Abs(sdf) < 8) sdf -= 4 * Math.Sin(p.X / 9) * Math.Sin(p.Y / 11) * Math.Sin(p.Z / 7);
                    ct[i, j, k] = (short)Math.Clamp(Math.Round(300 - 100 * sdf), -1024, 3071);
                }
        });
        // 300.5 HU by default: no integer sample lies exactly on the iso-value. MESHING_ISO=300 puts many samples
        // exactly on it (the case that once stalled decimation, see tests/Segmentation/Bugs).
        double iso = double.TryParse(Environment.GetEnvironmentVariable("MESHING_ISO"), System.Globalization.CultureInfo.InvariantCulture, out double i) ? i : 300.5;
        Mesh source = MarchingCubes.Extract(ct, iso, "bumpy", [1f, 1f, 1f]);
        Console.WriteLine($"decimate: source {source.TriangleCount:N0} triangles (marching cubes at {iso} HU), watertight {MeshMetrics.IsWatertight(source)}");
        var times = new List<double>();
        var cpu = new List<double>();
        Mesh result = source;
        int runs = int.TryParse(Environment.GetEnvironmentVariable("MESHING_RUNS"), out int r) ? r : 3;
        for (int run = 0; run < runs; run++)
        {
            GC.Collect();
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            result = MeshDecimation.Decimate(source, 100_000);
            times.Add(clock.Elapsed.TotalSeconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
        }
        times.Sort();
        cpu.Sort();
        (double mean, double max) = Deviation(result, source);
        (double meanBack, double maxBack) = Deviation(source, result);
        Console.WriteLine($"decimate: {source.TriangleCount:N0} -> {result.TriangleCount:N0} in {times[times.Count / 2]:F3} s wall, {cpu[cpu.Count / 2]:F3} s CPU, median of {runs} ({string.Join(", ", times.Select(t => t.ToString("F3")))}) on {Environment.ProcessorCount} cores; "
            + $"watertight {MeshMetrics.IsWatertight(result)}, Euler {MeshMetrics.EulerCharacteristic(result)}; "
            + $"decimated->source mean {mean:F3} max {max:F3} mm, source->decimated mean {meanBack:F3} max {maxBack:F3} mm");
    }

    private static void LabelMeshing(string labelsPath)
    {
        LabelMap labels = SegNrrd.Read(labelsPath);
        var undecimated = LabelMeshes.Build(labels, MeshingOptions.Default with { MaxTriangles = 0 });
        var times = new List<double>();
        IReadOnlyList<Mesh> meshes = [];
        int runs = int.TryParse(Environment.GetEnvironmentVariable("MESHING_RUNS"), out int r) ? r : 3;
        for (int run = 0; run < runs; run++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            meshes = LabelMeshes.Build(labels, MeshingOptions.Default);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine($"labelmesh: {labelsPath}: default meshing {times[times.Count / 2]:F2} s median of {runs} ({string.Join(", ", times.Select(t => t.ToString("F2")))}), "
            + $"{undecimated.Sum(m => m.TriangleCount):N0} smoothed triangles -> {meshes.Sum(m => m.TriangleCount):N0}, {meshes.Count} meshes (draw calls)");
        double sum = 0;
        long count = 0;
        foreach (Mesh m in meshes)
        {
            Mesh full = undecimated.Single(u => u.Name == m.Name);
            (double mean, double max) = Deviation(m, full);
            (double meanBack, double maxBack) = Deviation(full, m);
            sum += meanBack * full.VertexCount;
            count += full.VertexCount;
            Console.WriteLine($"  {m.Name,-8} {full.TriangleCount,9:N0} -> {m.TriangleCount,8:N0}  watertight {MeshMetrics.IsWatertight(m),-5}  "
                + $"decimated->undecimated mean {mean:F3} max {max:F3} mm   undecimated->decimated mean {meanBack:F3} max {maxBack:F3} mm");
        }
        Console.WriteLine($"labelmesh: mean deviation of the undecimated surface from the decimated one over all segments {sum / count:F3} mm");
    }

    /// <summary>Mean and maximum distance (mm) from the vertices of `from` to the surface of `to`.</summary>
    private static (double Mean, double Max) Deviation(Mesh from, Mesh to)
    {
        if (from.VertexCount == 0 || to.TriangleCount == 0) return (double.NaN, double.NaN);
        var grid = new TriangleGrid(to, 2.0);
        var d = new double[from.VertexCount];
        Parallel.For(0, from.VertexCount, v => d[v] = grid.Distance(from.PositionsMm[3 * v], from.PositionsMm[3 * v + 1], from.PositionsMm[3 * v + 2]));
        return (d.Average(), d.Max());
    }
}
