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

    /// <summary>A 128x128x96 phantom (seed 3) made into a case with truth seeds under <paramref name="work"/>; returns the case folder.</summary>
    public static string PhantomCase(string work)
    {
        string phantom = Path.Combine(work, "phantom"), folder = Path.Combine(work, "case");
        Assert.That(Run("phantom", "--out", phantom, "--size", "128x128x96", "--seed", "3").ExitCode, Is.Zero);
        Result c = Run("case", phantom, "--out", folder, "--truth", Path.Combine(phantom, "truth.json"));
        Assert.That(c.ExitCode, Is.Zero, c.StdErr);
        return folder;
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "surgicalnav-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
