using System.Globalization;
using SurgicalNav.App.Cli;
using SurgicalNav.Compute;

namespace SurgicalNav.App.Commands;

/// <summary>`devices [--json]`: the OpenCL devices this machine offers, GPUs first, as auto would rank them.</summary>
public static class DevicesCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "devices [--json]                                                     list the OpenCL devices (GPUs first); --device auto takes the first GPU or accelerator";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("devices", args, [], ["json"]);
        if (a.Positionals.Count > 0) throw new UsageException($"devices: unexpected argument '{a.Positionals[0]}'; devices takes only --json");
        IReadOnlyList<ComputeDeviceInfo> devices = ComputeBackends.OpenClDevices();
        if (a.Flag("json"))
        {
            Output.Json(devices);
            return 0;
        }
        if (devices.Count == 0) Output.Result("no OpenCL device: the compute backend is the CPU (install a GPU driver with an OpenCL ICD, or pocl-opencl-icd for a CPU device)");
        foreach (ComputeDeviceInfo d in devices)
        {
            Output.Result(string.Create(CultureInfo.InvariantCulture, $"{d.Kind,-12} {d.Name}  ({d.Platform}; {d.GlobalMemoryBytes / (1 << 20)} MiB, largest buffer {d.MaxAllocationBytes / (1 << 20)} MiB)"));
        }
        return 0;
    }
}
