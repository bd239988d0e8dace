using System.Reflection;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Compute.Native;
using Cl = SurgicalNav.Compute.Native.OpenCl;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.OpenCl;

/// <summary>
/// Runs operations on one OpenCL device with kernels from embedded <c>.cl</c> files. The program is compiled
/// on first use and kept for the life of the instance. When the device cannot do a job (kernel build failure,
/// CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES) that operation runs on the CPU backend instead and a
/// warning goes to the log callback. Calls are serialised with a lock: one command queue per instance.
/// </summary>
public sealed partial class OpenClBackend : IComputeBackend
{
    private static readonly string[] KernelFiles = ["threshold.cl", "gaussian.cl", "median.cl", "edt.cl", "ccl.cl", "bioheat.cl", "bilateral.cl", "regions.cl"];

    private readonly Lock _gate = new();
    private readonly ClDeviceInfo _device;
    private readonly ClContextHandle _context;
    private readonly ClCommandQueueHandle _queue;
    private readonly DeviceBufferCache _buffers;
    private readonly Dictionary<string, ClKernelHandle> _kernels = [];
    private readonly string _programSource;
    private readonly Action<string>? _log;
    private ClProgramHandle? _program;
    private string? _buildFailure;
    private CpuBackend? _fallback;
    private bool _disposed;

    private OpenClBackend(ClDeviceInfo device, Action<string>? log, string programSource)
    {
        _device = device;
        _log = log;
        _programSource = programSource;
        _context = OpenClRuntime.CreateContext(device.Id);
        try
        {
            _queue = OpenClRuntime.CreateQueue(_context, device.Id);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
        _buffers = new DeviceBufferCache(_context);
    }

    /// <inheritdoc />
    public string Name => "opencl";

    /// <inheritdoc />
    public string Description => $"{_device.Name} ({_device.Kind}, {_device.ComputeUnits} compute units, {PlatformShortName(_device.Platform)})";

    /// <summary>Caps device memory this instance may hold, in bytes, so that tests can provoke an allocation failure.</summary>
    internal long? DeviceMemoryLimitBytes
    {
        get => _buffers.LimitBytes;
        set => _buffers.LimitBytes = value;
    }

    /// <summary>The device this backend runs on.</summary>
    public ComputeDeviceInfo Device => ToPublic(_device);

    /// <summary>OpenCL devices on this machine, GPUs first, then accelerators, then CPUs; empty when there is no driver. Never throws.</summary>
    public static IReadOnlyList<ComputeDeviceInfo> Devices() => [.. SortedDevices().Select(ToPublic)];

    /// <summary>
    /// Opens the preferred device (GPU before accelerator before CPU). Throws <see cref="ComputeUnavailableException"/>
    /// when there is none or it cannot be opened. <paramref name="log"/> receives fallback warnings.
    /// </summary>
    public static OpenClBackend Create(Action<string>? log = null) => Create(log, programSource: null);

    /// <summary>Same as <see cref="Create(Action{string}?)"/>, with replaceable kernel source so that tests can force a build failure.</summary>
    internal static OpenClBackend Create(Action<string>? log, string? programSource)
    {
        IReadOnlyList<ClDeviceInfo> devices = SortedDevices();
        if (devices.Count == 0) throw new ComputeUnavailableException(NoDeviceMessage);
        ClDeviceInfo device = devices[0];
        try
        {
            return new OpenClBackend(device, log, programSource ?? LoadKernelSource());
        }
        catch (OpenClException e)
        {
            throw new ComputeUnavailableException(
                $"the OpenCL device '{device.Name}' was found but could not be opened ({e.Message}); use --device cpu", e);
        }
    }

    /// <summary>The message for "no OpenCL device": what is missing, where a CPU one comes from, what to use meanwhile.</summary>
    internal static string NoDeviceMessage =>
        OpenClLibrary.IsLoaded
            ? $"no OpenCL device was found: {OpenClLibrary.LoadedName} loaded but reports no platform with an available device. "
              + "Install a driver; on Debian or Ubuntu the package pocl-opencl-icd provides a CPU device. Or use --device cpu."
            : "no OpenCL device was found: no OpenCL library (libOpenCL.so.1) could be loaded. "
              + "Install ocl-icd-libopencl1 and a driver; on Debian or Ubuntu the package pocl-opencl-icd provides a CPU device. Or use --device cpu.";

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _buffers.Dispose();
            foreach (ClKernelHandle kernel in _kernels.Values) kernel.Dispose();
            _kernels.Clear();
            _program?.Dispose();
            _queue.Dispose();
            _context.Dispose();
            _fallback?.Dispose();
        }
    }

    private static IReadOnlyList<ClDeviceInfo> SortedDevices() =>
        [.. OpenClRuntime.Devices().OrderBy(d => d.Preference)];

    private static ComputeDeviceInfo ToPublic(ClDeviceInfo d) =>
        new(d.Name, d.Kind, d.Platform, (long)Math.Min(d.GlobalMemBytes, long.MaxValue), (long)Math.Min(d.MaxAllocBytes, long.MaxValue));

    private static string PlatformShortName(string platform) =>
        platform == "Portable Computing Language" ? "PoCL" : platform;

    private static string LoadKernelSource()
    {
        Assembly assembly = typeof(OpenClBackend).Assembly;
        var parts = new List<string>(KernelFiles.Length);
        foreach (string file in KernelFiles)
        {
            string resource = "SurgicalNav.Compute.Kernels." + file;
            using Stream stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"kernel resource '{resource}' is missing from {assembly.GetName().Name}; the build must embed Kernels/*.cl");
            using var reader = new StreamReader(stream);
            parts.Add(reader.ReadToEnd());
        }
        return string.Join("\n", parts);
    }

    private CpuBackend Fallback => _fallback ??= new CpuBackend();

    /// <summary>The kernel by name, compiling the program on first use.</summary>
    private ClKernelHandle Kernel(string name)
    {
        if (_buildFailure is not null) throw new OpenClException(Cl.CL_BUILD_PROGRAM_FAILURE, nameof(Cl.clBuildProgram), _buildFailure);
        if (_kernels.TryGetValue(name, out ClKernelHandle? kernel)) return kernel;
        if (_program is null)
        {
            try
            {
                _program = OpenClRuntime.BuildProgram(_context, _device.Id, _programSource, "-cl-std=CL1.2 -cl-fp32-correctly-rounded-divide-sqrt");
            }
            catch (OpenClException e) when (e.Code == Cl.CL_BUILD_PROGRAM_FAILURE)
            {
                // Remembered so that a broken compiler is reported once, not once per call.
                _buildFailure = e.Message;
                throw;
            }
        }
        kernel = OpenClRuntime.CreateKernel(_program, name);
        _kernels[name] = kernel;
        return kernel;
    }

    /// <summary>Runs <paramref name="onDevice"/>; on any OpenCL error (typically a resource or build failure) logs a warning and returns false so the caller runs the CPU path.</summary>
    private bool TryOnDevice(string operation, Action onDevice)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buildFailure is not null) return false;
        try
        {
            onDevice();
            return true;
        }
        catch (OpenClException e)
        {
            // Resource and build failures are expected on small devices; anything else is a driver or binding
            // fault. Either way the user's volume still gets processed, and the log says what happened.
            _buffers.Clear();
            string kind = e.IsResourceOrBuildFailure ? "failed" : "failed unexpectedly";
            _log?.Invoke($"warning: OpenCL {operation} on {_device.Name} {kind} ({e.Message}); running it on the CPU instead");
            return false;
        }
    }
}
