using SurgicalNav.Compute.Cpu;
using SurgicalNav.Compute.Native;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.OpenCl;

// Device volumes: allocation, transfer, and running one operation on the device or, when it cannot, on the host.
public sealed partial class OpenClBackend
{
    private long _residentBytes;

    /// <inheritdoc />
    public IDeviceVolume<T> Upload<T>(Volume<T> source) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        IDeviceVolume<T> volume = Allocate<T>(source.Geometry);
        volume.Upload(source);
        return volume;
    }

    /// <inheritdoc />
    public unsafe IDeviceVolume<T> Allocate<T>(ImageGeometry geometry) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(geometry);
        long bytes = geometry.VoxelCount * sizeof(T);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                if (DeviceMemoryLimitBytes is long limit && _buffers.BytesHeld + _residentBytes + bytes > limit)
                {
                    throw new OpenClException(Native.OpenCl.CL_MEM_OBJECT_ALLOCATION_FAILURE, "clCreateBuffer", $"{bytes} bytes over the {limit}-byte limit");
                }
                ClMemHandle buffer = OpenClRuntime.CreateBuffer(_context, Math.Max(bytes, 1));
                _residentBytes += bytes;
                return new ClVolume<T>(this, geometry, buffer, bytes);
            }
            catch (OpenClException e)
            {
                _log?.Invoke($"warning: OpenCL could not hold a {geometry.Dimensions} volume on {_device.Name} ({e.Message}); keeping it in host memory, where operations on it run on the CPU");
                return HostVolume<T>.Rent(geometry);
            }
        }
    }

    internal void Read<T>(ClVolume<T> volume, Span<T> destination) where T : unmanaged
    {
        lock (_gate) OpenClRuntime.Read(_queue, volume.Buffer, destination);
    }

    internal void Write<T>(ClVolume<T> volume, ReadOnlySpan<T> source) where T : unmanaged
    {
        lock (_gate) OpenClRuntime.Write(_queue, volume.Buffer, source);
    }

    internal void Released(long bytes)
    {
        lock (_gate) _residentBytes -= bytes;
    }

    /// <summary>
    /// Runs <paramref name="onDevice"/> when both volumes are on this device and it succeeds; otherwise brings
    /// them to the host, runs <paramref name="onHost"/> there (the CPU backend) and puts the result back.
    /// </summary>
    private void Run<TIn, TOut>(string operation, IDeviceVolume<TIn> source, IDeviceVolume<TOut> destination,
        Action<ClMemHandle, ClMemHandle> onDevice, Action<IDeviceVolume<TIn>, IDeviceVolume<TOut>> onHost)
        where TIn : unmanaged where TOut : unmanaged
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        CheckOwner(source);
        CheckOwner(destination);
        lock (_gate)
        {
            if (source is ClVolume<TIn> s && destination is ClVolume<TOut> d && TryOnDevice(operation, () => onDevice(s.Buffer, d.Buffer))) return;
        }
        HostVolume<TIn> hostSource = ToHost(source, out bool ownSource);
        HostVolume<TOut> hostDestination = ReferenceEquals(source, destination) ? (HostVolume<TOut>)(object)hostSource
            : destination as HostVolume<TOut> ?? HostVolume<TOut>.Rent(destination.Geometry);
        try
        {
            onHost(hostSource, hostDestination);
            if (destination is ClVolume<TOut> back) Write(back, hostDestination.Span);
        }
        finally
        {
            if (ownSource) hostSource.Dispose();
            if (!ReferenceEquals(hostDestination, destination) && !ReferenceEquals(hostDestination, hostSource)) hostDestination.Dispose();
        }
    }

    private HostVolume<T> ToHost<T>(IDeviceVolume<T> volume, out bool owned) where T : unmanaged
    {
        owned = volume is ClVolume<T>;
        if (volume is not ClVolume<T> cl) return (HostVolume<T>)volume;
        HostVolume<T> host = HostVolume<T>.Rent(volume.Geometry);
        Read(cl, host.Span);
        return host;
    }

    private void CheckOwner<T>(IDeviceVolume<T> volume) where T : unmanaged
    {
        bool ours = volume is HostVolume<T> || (volume is ClVolume<T> cl && ReferenceEquals(cl.Owner, this));
        if (!ours) throw new ArgumentException("this device volume belongs to another backend; upload it with the backend that runs the operation", nameof(volume));
    }

    /// <summary>Sets the arguments (buffers, int, float, short) in order and launches over the range.</summary>
    private void Launch(string kernelName, ReadOnlySpan<long> range, params ReadOnlySpan<object> args)
    {
        ClKernelHandle kernel = Kernel(kernelName);
        for (uint a = 0; a < args.Length; a++)
        {
            switch (args[(int)a])
            {
                case ClMemHandle buffer: OpenClRuntime.SetArg(kernel, a, buffer); break;
                case int i: OpenClRuntime.SetArg(kernel, a, i); break;
                case float f: OpenClRuntime.SetArg(kernel, a, f); break;
                case short s: OpenClRuntime.SetArg(kernel, a, s); break;
                default: throw new ArgumentException($"kernel argument {a} of {kernelName} has unsupported type {args[(int)a].GetType().Name}");
            }
        }
        OpenClRuntime.Enqueue(_queue, kernel, range);
    }
}
