using System.Runtime.InteropServices;
using System.Text;

namespace SurgicalNav.Compute.Native;

/// <summary>What the runtime reports about one OpenCL device.</summary>
internal sealed record ClDeviceInfo(ClDeviceId Id, string Name, ulong Type, string Platform, ulong MaxAllocBytes, ulong GlobalMemBytes, uint ComputeUnits)
{
    /// <summary>"gpu", "accelerator", "cpu" or "other".</summary>
    public string Kind =>
        (Type & OpenCl.CL_DEVICE_TYPE_GPU) != 0 ? "gpu"
        : (Type & OpenCl.CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator"
        : (Type & OpenCl.CL_DEVICE_TYPE_CPU) != 0 ? "cpu"
        : "other";

    /// <summary>Lower is preferred: GPU, then accelerator, then CPU, then anything else.</summary>
    public int Preference => Kind switch { "gpu" => 0, "accelerator" => 1, "cpu" => 2, _ => 3 };
}

/// <summary>
/// Safe wrappers over <see cref="OpenCl"/>: they take spans and handles, check every cl_int, and throw
/// <see cref="OpenClException"/>. Pointers stay in this folder.
/// </summary>
internal static unsafe class OpenClRuntime
{
    /// <summary>All available devices on all platforms; empty when no library, platform or device exists. Never throws.</summary>
    internal static IReadOnlyList<ClDeviceInfo> Devices()
    {
        var result = new List<ClDeviceInfo>();
        if (!OpenClLibrary.IsLoaded) return result;
        try
        {
            uint platformCount = 0;
            if (OpenCl.clGetPlatformIDs(0, null, &platformCount) != OpenCl.CL_SUCCESS || platformCount == 0) return result;
            nint[] platforms = new nint[platformCount];
            fixed (nint* p = platforms)
            {
                if (OpenCl.clGetPlatformIDs(platformCount, p, null) != OpenCl.CL_SUCCESS) return result;
            }
            foreach (nint platform in platforms)
            {
                string platformName = PlatformString(platform, OpenCl.CL_PLATFORM_NAME);
                uint deviceCount = 0;
                if (OpenCl.clGetDeviceIDs(platform, OpenCl.CL_DEVICE_TYPE_ALL, 0, null, &deviceCount) != OpenCl.CL_SUCCESS || deviceCount == 0) continue;
                nint[] devices = new nint[deviceCount];
                fixed (nint* d = devices)
                {
                    if (OpenCl.clGetDeviceIDs(platform, OpenCl.CL_DEVICE_TYPE_ALL, deviceCount, d, null) != OpenCl.CL_SUCCESS) continue;
                }
                foreach (nint device in devices)
                {
                    if (DeviceValue<uint>(device, OpenCl.CL_DEVICE_AVAILABLE) == 0) continue;
                    result.Add(new ClDeviceInfo(
                        new ClDeviceId(device),
                        DeviceString(device, OpenCl.CL_DEVICE_NAME),
                        DeviceValue<ulong>(device, OpenCl.CL_DEVICE_TYPE),
                        platformName,
                        DeviceValue<ulong>(device, OpenCl.CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                        DeviceValue<ulong>(device, OpenCl.CL_DEVICE_GLOBAL_MEM_SIZE),
                        DeviceValue<uint>(device, OpenCl.CL_DEVICE_MAX_COMPUTE_UNITS)));
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A broken ICD loader counts as "no devices", as the architecture asks; callers log that.
            result.Clear();
        }
        return result;
    }

    /// <summary>Creates a context holding one device.</summary>
    internal static ClContextHandle CreateContext(ClDeviceId device)
    {
        int err;
        nint id = device.Value;
        ClContextHandle context = OpenCl.clCreateContext(null, 1, &id, 0, 0, &err);
        return Checked(context, err, nameof(OpenCl.clCreateContext));
    }

    /// <summary>Creates an in-order command queue on the device.</summary>
    internal static ClCommandQueueHandle CreateQueue(ClContextHandle context, ClDeviceId device)
    {
        int err;
        ClCommandQueueHandle queue = OpenCl.clCreateCommandQueue(context, device.Value, 0, &err);
        return Checked(queue, err, nameof(OpenCl.clCreateCommandQueue));
    }

    /// <summary>Allocates a read-write device buffer of the given size in bytes.</summary>
    internal static ClMemHandle CreateBuffer(ClContextHandle context, long bytes)
    {
        int err;
        ClMemHandle mem = OpenCl.clCreateBuffer(context, OpenCl.CL_MEM_READ_WRITE, (nuint)bytes, null, &err);
        return Checked(mem, err, nameof(OpenCl.clCreateBuffer), $"{bytes} bytes");
    }

    /// <summary>Copies host data to the start of a device buffer and waits for the copy.</summary>
    internal static void Write<T>(ClCommandQueueHandle queue, ClMemHandle buffer, ReadOnlySpan<T> source) where T : unmanaged
    {
        fixed (T* p = source)
        {
            Check(OpenCl.clEnqueueWriteBuffer(queue, buffer, OpenCl.CL_TRUE, 0, (nuint)((long)source.Length * sizeof(T)), p, 0, null, null),
                nameof(OpenCl.clEnqueueWriteBuffer));
        }
    }

    /// <summary>Copies the start of a device buffer into host memory and waits for the copy.</summary>
    internal static void Read<T>(ClCommandQueueHandle queue, ClMemHandle buffer, Span<T> destination) where T : unmanaged
    {
        fixed (T* p = destination)
        {
            Check(OpenCl.clEnqueueReadBuffer(queue, buffer, OpenCl.CL_TRUE, 0, (nuint)((long)destination.Length * sizeof(T)), p, 0, null, null),
                nameof(OpenCl.clEnqueueReadBuffer));
        }
    }

    /// <summary>Copies device elements from <paramref name="elementOffset"/> on into host memory and waits for the copy.</summary>
    internal static void ReadAt<T>(ClCommandQueueHandle queue, ClMemHandle buffer, long elementOffset, Span<T> destination) where T : unmanaged
    {
        fixed (T* p = destination)
        {
            Check(OpenCl.clEnqueueReadBuffer(queue, buffer, OpenCl.CL_TRUE, (nuint)(elementOffset * sizeof(T)), (nuint)((long)destination.Length * sizeof(T)), p, 0, null, null),
                nameof(OpenCl.clEnqueueReadBuffer));
        }
    }

    /// <summary>Builds a program from source for one device; a build failure throws with the compiler's log.</summary>
    internal static ClProgramHandle BuildProgram(ClContextHandle context, ClDeviceId device, string source, string options)
    {
        byte[] sourceBytes = Encoding.UTF8.GetBytes(source);
        byte[] optionBytes = Encoding.UTF8.GetBytes(options + "\0");
        int err;
        ClProgramHandle program;
        fixed (byte* s = sourceBytes)
        {
            byte* strings = s;
            nuint length = (nuint)sourceBytes.Length;
            program = OpenCl.clCreateProgramWithSource(context, 1, &strings, &length, &err);
        }
        program = Checked(program, err, nameof(OpenCl.clCreateProgramWithSource));
        nint id = device.Value;
        fixed (byte* o = optionBytes)
        {
            err = OpenCl.clBuildProgram(program, 1, &id, o, 0, 0);
        }
        if (err != OpenCl.CL_SUCCESS)
        {
            string log = BuildLog(program, device);
            program.Dispose();
            throw new OpenClException(err, nameof(OpenCl.clBuildProgram), log.Trim());
        }
        return program;
    }

    /// <summary>Creates a kernel object for one __kernel function of a built program.</summary>
    internal static ClKernelHandle CreateKernel(ClProgramHandle program, string name)
    {
        byte[] nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        int err;
        ClKernelHandle kernel;
        fixed (byte* n = nameBytes)
        {
            kernel = OpenCl.clCreateKernel(program, n, &err);
        }
        return Checked(kernel, err, nameof(OpenCl.clCreateKernel), name);
    }

    /// <summary>Sets a by-value kernel argument (int, float, short...).</summary>
    internal static void SetArg<T>(ClKernelHandle kernel, uint index, T value) where T : unmanaged =>
        Check(OpenCl.clSetKernelArg(kernel, index, (nuint)sizeof(T), &value), nameof(OpenCl.clSetKernelArg), $"argument {index}");

    /// <summary>Sets a __global buffer kernel argument.</summary>
    internal static void SetArg(ClKernelHandle kernel, uint index, ClMemHandle buffer)
    {
        bool added = false;
        try
        {
            buffer.DangerousAddRef(ref added);
            nint mem = buffer.DangerousGetHandle();
            Check(OpenCl.clSetKernelArg(kernel, index, (nuint)sizeof(nint), &mem), nameof(OpenCl.clSetKernelArg), $"argument {index}");
        }
        finally
        {
            if (added) buffer.DangerousRelease();
        }
    }

    /// <summary>Enqueues a kernel over a 1, 2 or 3 dimensional global range with a driver-chosen local size.</summary>
    internal static void Enqueue(ClCommandQueueHandle queue, ClKernelHandle kernel, ReadOnlySpan<long> globalSize)
    {
        nuint* global = stackalloc nuint[3];
        for (int n = 0; n < globalSize.Length; n++) global[n] = (nuint)globalSize[n];
        Check(OpenCl.clEnqueueNDRangeKernel(queue, kernel, (uint)globalSize.Length, null, global, null, 0, null, null),
            nameof(OpenCl.clEnqueueNDRangeKernel));
    }

    /// <summary>Waits until everything enqueued has finished.</summary>
    internal static void Finish(ClCommandQueueHandle queue) => Check(OpenCl.clFinish(queue), nameof(OpenCl.clFinish));

    private static string BuildLog(ClProgramHandle program, ClDeviceId device)
    {
        nuint size = 0;
        if (OpenCl.clGetProgramBuildInfo(program, device.Value, OpenCl.CL_PROGRAM_BUILD_LOG, 0, null, &size) != OpenCl.CL_SUCCESS || size == 0) return "";
        byte[] buffer = new byte[(int)size];
        fixed (byte* b = buffer)
        {
            if (OpenCl.clGetProgramBuildInfo(program, device.Value, OpenCl.CL_PROGRAM_BUILD_LOG, size, b, null) != OpenCl.CL_SUCCESS) return "";
        }
        return Encoding.UTF8.GetString(buffer).TrimEnd('\0');
    }

    private static string PlatformString(nint platform, uint param)
    {
        nuint size = 0;
        if (OpenCl.clGetPlatformInfo(platform, param, 0, null, &size) != OpenCl.CL_SUCCESS || size == 0) return "";
        byte[] buffer = new byte[(int)size];
        fixed (byte* b = buffer)
        {
            if (OpenCl.clGetPlatformInfo(platform, param, size, b, null) != OpenCl.CL_SUCCESS) return "";
        }
        return Encoding.UTF8.GetString(buffer).TrimEnd('\0').Trim();
    }

    private static string DeviceString(nint device, uint param)
    {
        nuint size = 0;
        if (OpenCl.clGetDeviceInfo(device, param, 0, null, &size) != OpenCl.CL_SUCCESS || size == 0) return "";
        byte[] buffer = new byte[(int)size];
        fixed (byte* b = buffer)
        {
            if (OpenCl.clGetDeviceInfo(device, param, size, b, null) != OpenCl.CL_SUCCESS) return "";
        }
        return Encoding.UTF8.GetString(buffer).TrimEnd('\0').Trim();
    }

    private static T DeviceValue<T>(nint device, uint param) where T : unmanaged
    {
        T value = default;
        return OpenCl.clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null) == OpenCl.CL_SUCCESS ? value : default;
    }

    private static void Check(int err, string call, string? detail = null)
    {
        if (err != OpenCl.CL_SUCCESS) throw new OpenClException(err, call, detail);
    }

    private static THandle Checked<THandle>(THandle handle, int err, string call, string? detail = null) where THandle : SafeHandle
    {
        if (err != OpenCl.CL_SUCCESS || handle.IsInvalid)
        {
            handle.Dispose();
            throw new OpenClException(err == OpenCl.CL_SUCCESS ? OpenCl.CL_OUT_OF_RESOURCES : err, call, detail);
        }
        return handle;
    }
}
