using System.Diagnostics;
using System.Text.Json;
using SurgicalNav.Compute;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.App.Cli;

/// <summary>
/// Asks a child process (`surgicalnav devices --json`) which OpenCL devices exist, for <c>--device auto</c>. Loading
/// the OpenCL runtime into this process would keep it there for the whole run even when auto then picks the CPU: PoCL,
/// the usual CPU runtime, maps about 56 MB of LLVM, a tenth of the pipeline's memory budget. A driver that hangs or
/// crashes while enumerating takes the child down, not the application.
/// </summary>
public static class DeviceProbe
{
    /// <summary>How long the child may take; enumeration is well under a second on a working driver.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The devices, GPUs first; throws <see cref="ComputeUnavailableException"/> saying why when the probe fails.</summary>
    public static IReadOnlyList<ComputeDeviceInfo> OutOfProcess()
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string folder = AppContext.BaseDirectory, apphost = Path.Combine(folder, "surgicalnav"), dll = Path.Combine(folder, "surgicalnav.dll");
        if (File.Exists(apphost)) info.FileName = apphost;
        else
        {
            info.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Environment.ProcessPath ?? "dotnet";
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(dll);
        }
        info.ArgumentList.Add("devices");
        info.ArgumentList.Add("--json");
        using Process process = Process.Start(info) ?? throw new ComputeUnavailableException($"the OpenCL device probe '{info.FileName}' could not be started");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ComputeUnavailableException($"the OpenCL driver did not list its devices within {Timeout.TotalSeconds:0} s (the probe was stopped); check the driver with clinfo, or pass --device cpu");
        }
        if (process.ExitCode != 0)
        {
            string reason = errors.Result.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "";
            throw new ComputeUnavailableException($"the OpenCL device probe failed (exit {process.ExitCode}{(reason.Length > 0 ? ": " + reason : ", the driver may have crashed")}); check the driver with clinfo, or pass --device cpu");
        }
        try
        {
            return JsonSerializer.Deserialize<List<ComputeDeviceInfo>>(output.Result, NavJson.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new ComputeUnavailableException($"the OpenCL device probe printed something other than a device list ({e.Message})", e);
        }
    }
}
