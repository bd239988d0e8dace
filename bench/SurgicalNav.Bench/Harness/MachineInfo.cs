using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SurgicalNav.Bench.Harness;

/// <summary>Where and when a run happened, for results JSON and the README.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, int LogicalProcessorsOnMachine, double MemoryGb, string Os, string Runtime, string Date, string Commit, double LoadAverage)
{
    public static MachineInfo Collect(string root)
    {
        string cpu = "unknown";
        double memGb = 0, load = 0;
        int machineCpus = 0;
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal)) { cpu = line[(line.IndexOf(':') + 1)..].Trim(); machineCpus++; }
            }
            string mem = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            memGb = long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
            load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // not Linux: leave the defaults
        }
        return new MachineInfo(cpu, Environment.ProcessorCount, machineCpus, Math.Round(memGb, 1), RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), GitCommit(root), load);
    }

    private static string GitCommit(string root)
    {
        try
        {
            var info = new ProcessStartInfo("git", ["-C", root, "rev-parse", "--short=12", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(info)!;
            string commit = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            if (p.ExitCode != 0) return "unknown";
            var dirty = new ProcessStartInfo("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process q = Process.Start(dirty)!;
            bool modified = q.StandardOutput.ReadToEnd().Trim().Length > 0;
            q.WaitForExit();
            return modified ? commit + "+modified" : commit;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }
}
