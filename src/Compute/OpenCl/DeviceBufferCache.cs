using SurgicalNav.Compute.Native;

namespace SurgicalNav.Compute.OpenCl;

/// <summary>
/// Device buffers kept between calls, one per role ("source", "planeA"...), grown when a larger volume comes
/// and otherwise reused, so repeated operations on same-sized volumes allocate nothing on the device.
/// This is also the seam where a later <c>IDeviceVolume</c> keeps results resident across a chain of operations.
/// </summary>
internal sealed class DeviceBufferCache(ClContextHandle context) : IDisposable
{
    private readonly Dictionary<string, (ClMemHandle Buffer, long Bytes)> _buffers = [];

    /// <summary>A buffer of at least <paramref name="bytes"/> bytes for this role; its contents are undefined.</summary>
    public ClMemHandle Get(string role, long bytes)
    {
        if (_buffers.TryGetValue(role, out var existing))
        {
            if (existing.Bytes >= bytes) return existing.Buffer;
            existing.Buffer.Dispose();
            _buffers.Remove(role);
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
