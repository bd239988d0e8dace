using System.Diagnostics;
using BenchmarkDotNet.Running;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Bench.Micro;
using SurgicalNav.Bench.Rows;
using SurgicalNav.Compute;

namespace SurgicalNav.Bench;

/// <summary>`./nav bench`: SurgicalNav side by side with the libraries a user would pick instead.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args, FindRoot());
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 2;
        }
        if (options.Micro)
        {
            // In-process toolchain: runs from a publish folder too, no project to rebuild.
            // Reports land in bench/results/micro/results/ (the GitHub Markdown one is committed).
            BenchmarkRunner.Run<KernelBenchmarks>(KernelBenchmarks.Config(Path.Combine(options.Root, "bench", "results", "micro")));
            return 0;
        }

        IReadOnlyList<BenchRow> rows = RowCatalog.All();
        if (options.List)
        {
            foreach (BenchRow r in rows) Console.WriteLine($"{r.Name,-12} {(r.Missing is null ? "" : "(missing) ")}{(r.InQuick ? "" : "(not in --quick)")}");
            return 0;
        }
        if (options.Only is string only)
        {
            rows = rows.Where(r => r.Name.Equals(only, StringComparison.OrdinalIgnoreCase)).ToList();
            if (rows.Count == 0)
            {
                Console.Error.WriteLine($"bench: no row named '{only}'; rows: {string.Join(", ", RowCatalog.All().Select(r => r.Name))}");
                return 2;
            }
        }
        else if (options.Quick)
        {
            rows = rows.Where(r => r.InQuick).ToList();
        }

        static void Log(string line) => Console.Error.WriteLine("bench: " + line);
        var clock = Stopwatch.StartNew();
        int threads = Environment.ProcessorCount;
        IComputeBackend backend;
        try
        {
            backend = ComputeBackends.Select(options.Device, Log);
        }
        catch (Exception e) when (e is ComputeUnavailableException or ArgumentException)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 1;
        }
        using (backend)
        {
            Workload work = Workload.Prepare(Path.Combine(options.Root, "bench", "work"), options.Size, options.Seed, Log);
            string script = Path.Combine(AppContext.BaseDirectory, "anchors", "anchor.py");
            AnchorClient? anchor = null;
            try
            {
                anchor = AnchorClient.Start(script, threads);
            }
            catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or System.ComponentModel.Win32Exception)
            {
                Log($"anchors unavailable, rows with anchors will FAIL: {e.Message}");
            }
            var context = new BenchContext(work, anchor, backend, options, threads, Log);
            var results = new List<RowResult>();
            using (anchor)
            {
                foreach (BenchRow row in rows)
                {
                    Log($"{row.Name}: {row.Describe(context)}");
                    try
                    {
                        results.AddRange(row.Run(context));
                    }
                    catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or OutOfMemoryException)
                    {
                        results.Add(new RowResult
                        {
                            Name = row.Name, Workload = row.Describe(context), Target = "-", Outcome = RowOutcome.Fail, OursThreads = threads,
                            Note = $"{e.GetType().Name}: {e.Message}",
                        });
                    }
                    finally
                    {
                        row.Release();
                        work.ReleaseMemory();
                    }
                }
            }

            MachineInfo machine = MachineInfo.Collect(options.Root);
            Console.WriteLine();
            Console.WriteLine($"SurgicalNav bench {machine.Date}, {machine.Cpu}, {machine.Cores} cores for this run, load {machine.LoadAverage:0.0}, commit {machine.Commit}, backend {backend.Name} ({backend.Description})");
            Console.WriteLine($"workload: phantom {options.Size}, seed {options.Seed}; {options.Repeat} timed runs per side after a checked warm-up; medians");
            Console.WriteLine(ResultsReport.Table(results));
            // gpu-*.json only when the OpenCL device really is a GPU; PoCL on the CPU gets its own name.
            string kind = options.Device == "opencl" ? (ComputeBackends.OpenClDevices().FirstOrDefault()?.Kind ?? "none") : "";
            string name = options.Device == "opencl" ? $"{(kind == "gpu" ? "gpu" : "opencl-" + kind)}-{DateTime.UtcNow:yyyyMMdd-HHmm}.json"
                : options.Only is not null ? $"only-{options.Only}.json"
                : options.Quick ? "quick.json" : "latest.json";
            string path = Path.Combine(options.Root, "bench", "results", name);
            ResultsReport.Write(path, machine, options, results);
            Console.WriteLine($"results: {path} ({clock.Elapsed.TotalSeconds:0} s)");
            return results.Any(r => r.Outcome == RowOutcome.Fail) ? 1 : 0;
        }
    }

    /// <summary>The repository root: the folder holding SurgicalNav.sln above the working directory or the binary, else the working directory.</summary>
    private static string FindRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "SurgicalNav.sln"))) return d.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
