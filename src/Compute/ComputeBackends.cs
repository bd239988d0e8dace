using SurgicalNav.Compute.Cpu;
using SurgicalNav.Compute.OpenCl;

namespace SurgicalNav.Compute;

/// <summary>The front door to compute: picks a backend from <c>--device auto|cpu|opencl</c> or <c>SURGICALNAV_DEVICE</c>.</summary>
public static class ComputeBackends
{
    /// <summary>Environment variable read when no choice is given: auto, cpu or opencl.</summary>
    public const string EnvironmentVariable = "SURGICALNAV_DEVICE";

    /// <summary>The values a device choice may take.</summary>
    public static IReadOnlyList<string> Choices { get; } = ["auto", "cpu", "opencl"];

    /// <summary>OpenCL devices on this machine, GPUs first; empty when there is no driver. Never throws.</summary>
    public static IReadOnlyList<ComputeDeviceInfo> OpenClDevices() => OpenClBackend.Devices();

    /// <summary>
    /// Creates the backend for <paramref name="choice"/> ("auto", "cpu" or "opencl"; null reads
    /// <see cref="EnvironmentVariable"/>, default auto). Auto takes OpenCL when a GPU or accelerator exists, else the
    /// CPU backend (an OpenCL CPU device gains nothing over it), and logs one line saying which and why. "opencl" without a device throws
    /// <see cref="ComputeUnavailableException"/>; an unknown choice throws <see cref="ArgumentException"/>.
    /// <paramref name="log"/> also receives the OpenCL backend's fallback warnings later on.
    /// </summary>
    public static IComputeBackend Select(string? choice, Action<string>? log = null) => Select(choice, log, OpenClBackend.Devices);

    /// <summary>
    /// As <see cref="Select(string?, Action{string}?)"/>, with auto asking <paramref name="probe"/> for the OpenCL devices
    /// instead of loading the OpenCL runtime into this process. An application can probe in a child process: OpenCL
    /// CPU runtimes such as PoCL bring LLVM (about 56 MB resident) that auto never uses, and a broken driver then
    /// crashes the child, not the application. A probe that fails throws <see cref="ComputeUnavailableException"/>
    /// with the reason, and auto takes the CPU backend.
    /// </summary>
    public static IComputeBackend Select(string? choice, Action<string>? log, Func<IReadOnlyList<ComputeDeviceInfo>> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        string source = "--device";
        if (choice is null)
        {
            choice = Environment.GetEnvironmentVariable(EnvironmentVariable);
            source = EnvironmentVariable;
        }
        string normalised = string.IsNullOrWhiteSpace(choice) ? "auto" : choice.Trim().ToLowerInvariant();
        switch (normalised)
        {
            case "cpu":
            {
                var cpu = new CpuBackend();
                log?.Invoke($"compute: cpu ({cpu.Description}), as {source} asked");
                return cpu;
            }
            case "opencl":
            {
                OpenClBackend openCl = OpenClBackend.Create(log);
                log?.Invoke($"compute: opencl on {openCl.Description}, as {source} asked");
                return openCl;
            }
            case "auto":
                return Auto(log, probe);
            default:
                throw new ArgumentException(
                    $"unknown compute device '{choice}' (from {source}); allowed values are {string.Join(", ", Choices)}",
                    nameof(choice));
        }
    }

    private static IComputeBackend Auto(Action<string>? log, Func<IReadOnlyList<ComputeDeviceInfo>> probe)
    {
        IReadOnlyList<ComputeDeviceInfo> devices;
        try
        {
            devices = probe();
        }
        catch (ComputeUnavailableException e)
        {
            var cpu = new CpuBackend();
            log?.Invoke($"compute: cpu ({cpu.Description}), chosen by auto because {e.Message}");
            return cpu;
        }
        if (devices.Count == 0)
        {
            var cpu = new CpuBackend();
            log?.Invoke($"compute: cpu ({cpu.Description}), chosen by auto because {OpenClBackend.NoDeviceMessage}");
            return cpu;
        }
        ComputeDeviceInfo preferred = devices[0];
        if (preferred.Kind == "cpu")
        {
            // An OpenCL CPU device (such as PoCL) runs the same cores as the native backend, only slower; it is
            // used when asked for by name (tests, --device opencl), never by auto.
            var cpu = new CpuBackend();
            log?.Invoke($"compute: cpu ({cpu.Description}), chosen by auto because the only OpenCL device is a CPU ({preferred.Name}); use --device opencl to run on it anyway");
            return cpu;
        }
        try
        {
            OpenClBackend openCl = OpenClBackend.Create(log);
            log?.Invoke($"compute: opencl on {openCl.Description}, chosen by auto because it is a {preferred.Kind} (GPU before accelerator before the CPU backend)");
            return openCl;
        }
        catch (ComputeUnavailableException e)
        {
            var cpu = new CpuBackend();
            log?.Invoke($"compute: cpu ({cpu.Description}), chosen by auto because {e.Message}");
            return cpu;
        }
    }
}
