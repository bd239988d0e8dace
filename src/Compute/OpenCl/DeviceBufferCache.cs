using SurgicalNav.Compute.Native;
using Cl = SurgicalNav.Compute.Native.OpenCl;

namespace SurgicalNav.Compute.OpenCl;

/// <summary>
/// Device buffers kept between calls, one per role ("source", "planeA"...), grown when a larger volume comes
/// and otherwise reused, so repeated operations on same-sized volumes allocate nothing on the device.
/// This is also the seam where a later <c>IDeviceVolume</c> keeps results resident across a chain of operations.
/// </summary>
internal sealed class DeviceBufferCache(ClContextHandle context) : IDisposable
{
    private readonly Dictionary<string, (ClMemHandle Buffer, long Bytes)> _buffers = [];

    /// <summary>
    /// When set, a request that would bring the bytes held above this limit fails as the device would, with
    /// CL_MEM_OBJECT_ALLOCATION_FAILURE; tests use it to exercise the CPU fallback without a huge volume.
    /// </summary>
    public long? LimitBytes { get; set; }

    /// <summary>A buffer of at least <paramref name="bytes"/> bytes for this role; its contents are undefined.</summary>
    public ClMemHandle Get(string role, long bytes)
    {
        if (_buffers.TryGetValue(role, out var existing))
        {
            if (existing.Bytes >= bytes) return existing.Buffer;
            existing.Buffer.Dispose();
            _buffers.Remove(role);
        }
        if (LimitBytes is long limit && BytesHeld + bytes > limit)
        {
            throw new OpenClException(Cl.CL_MEM_OBJECT_ALLOCATION_FAILURE, nameof(Cl.clCreateBuffer), $"{bytes} bytes over the {limit}-byte limit");
        }
        ClMemHandle buffer = OpenClRuntime.CreateBuffer(context, Math.Max(bytes, 1));
        _buffers[role] = (buffer, bytes);
        return buffer;
    }

    /// <summary>Total bytes held on the device.</summary>
    public long BytesHeld => _buffers.Values.Sum(b => b.Bytes);

    /// <summary>Releases every buffer, for example after the device ran out of memory.</summary>
    public void Clear()
    {
        foreach (var (buffer, _) in _buffers.Values) buffer.Dispose();
        _buffers.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => Clear();
}
