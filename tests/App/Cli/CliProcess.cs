using System.Diagnostics;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>Runs the built surgicalnav CLI as a separate process, as a user would, and captures its streams.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "surgicalnav.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment["SURGICALNAV_DEVICE"] = "cpu";
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"surgicalnav {string.Join(' ', args)} did not finish within 3 minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "surgicalnav-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
