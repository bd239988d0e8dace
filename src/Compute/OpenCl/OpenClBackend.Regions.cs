using SurgicalNav.Compute.Cpu;
using SurgicalNav.Compute.Native;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.OpenCl;

// Bilateral filter and region operations on the device, each with its CPU fallback.
public sealed partial class OpenClBackend
{
    /// <inheritdoc />
    public void Bilateral(IDeviceVolume<short> source, double spatialSigmaMm, double rangeSigmaHu, IDeviceVolume<short> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        DeviceVolumeChecks.Distinct(source, destination, nameof(Bilateral));
        Int3 r = BilateralKernel.Radii(source.Geometry, spatialSigmaMm, rangeSigmaHu);
        float[] spatial = BilateralKernel.SpatialWeights(source.Geometry.SpacingMm, r, spatialSigmaMm);
        float[] range = BilateralKernel.RangeWeights(rangeSigmaHu);
        Int3 dims = source.Geometry.Dimensions;
        Run(nameof(Bilateral), source, destination, (s, d) =>
        {
            if (dims.Count == 0) return;
            ClMemHandle spatialBuffer = _buffers.Get("bilateralSpatial", spatial.Length * sizeof(float));
            ClMemHandle rangeBuffer = _buffers.Get("bilateralRange", range.Length * sizeof(float));
            OpenClRuntime.Write<float>(_queue, spatialBuffer, spatial);
            OpenClRuntime.Write<float>(_queue, rangeBuffer, range);
            Launch("bilateral_s16", [dims.X, dims.Y, dims.Z], s, d, spatialBuffer, rangeBuffer, range.Length, r.X, r.Y, r.Z);
        }, (s, d) => Fallback.Bilateral(s, spatialSigmaMm, rangeSigmaHu, d));
    }

    /// <inheritdoc />
    public void FillHoles(IDeviceVolume<byte> mask, bool planar, IDeviceVolume<byte> destination)
    {
        Int3 dims = mask.Geometry.Dimensions;
        long count = dims.Count;
        Run(nameof(FillHoles), mask, destination, (m, d) =>
        {
            if (count == 0) return;
            ClMemHandle background = _buffers.Get("fillBackground", count);
            ClMemHandle labels = _buffers.Get("fillLabels", count * sizeof(int));
            Launch("invert_mask", [count], m, background);
            LabelOnDevice(background, labels, dims, planar ? 4 : 6);
            // The background buffer is free again: reuse it as "this component reaches the edge".
            Launch("fill_zero", [count], background);
            Launch("mark_edge_components", [dims.X, dims.Y, dims.Z], labels, background, planar ? 1 : 0);
            Launch("fill_unreached", [count], m, labels, background, d);
        }, (m, d) => Fallback.FillHoles(m, planar, d));
    }

    /// <inheritdoc />
    public void GrowRegion(IDeviceVolume<short> image, short lowInclusive, short highInclusive, IReadOnlyList<Int3> seeds, IDeviceVolume<byte>? constraint, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(image, destination);
        if (constraint is not null) DeviceVolumeChecks.SameDimensions(image, constraint);
        VolumeChecks.Range(lowInclusive, highInclusive);
        int[] seedIndices = DeviceVolumeChecks.SeedIndices(image.Geometry, seeds);
        CheckOwner(image);
        CheckOwner(destination);
        if (constraint is not null) CheckOwner(constraint);
        Int3 dims = image.Geometry.Dimensions;
        long count = dims.Count;
        lock (_gate)
        {
            if (image is ClVolume<short> s && destination is ClVolume<byte> d && (constraint is null || constraint is ClVolume<byte>)
                && TryOnDevice(nameof(GrowRegion), () =>
                {
                    if (count == 0) return;
                    ClMemHandle c = (constraint as ClVolume<byte>)?.Buffer ?? d.Buffer;
                    ClMemHandle labels = _buffers.Get("growLabels", count * sizeof(int));
                    Launch("band_candidates", [count], s.Buffer, c, d.Buffer, lowInclusive, highInclusive, constraint is null ? 0 : 1);
                    LabelOnDevice(d.Buffer, labels, dims, 6);
                    int[] kept = new int[Math.Max(1, seedIndices.Length)];
                    for (int q = 0; q < seedIndices.Length; q++) OpenClRuntime.ReadAt(_queue, labels, seedIndices[q], kept.AsSpan(q, 1));
                    ClMemHandle keptBuffer = _buffers.Get("growKept", kept.Length * sizeof(int));
                    OpenClRuntime.Write<int>(_queue, keptBuffer, kept);
                    Launch("keep_labels", [count], labels, keptBuffer, seedIndices.Length, d.Buffer);
                }))
            {
                return;
            }
        }
        using var host = new HostCopies(this);
        Fallback.GrowRegion(host.Of(image), lowInclusive, highInclusive, seeds, constraint is null ? null : host.Of(constraint), host.Of(destination));
        host.WriteBack(destination);
    }

    /// <inheritdoc />
    public MaskStatistics Statistics(IDeviceVolume<short> image, IDeviceVolume<byte> mask)
    {
        DeviceVolumeChecks.SameDimensions(image, mask);
        CheckOwner(image);
        CheckOwner(mask);
        Int3 dims = image.Geometry.Dimensions;
        MaskStatistics result = default;
        lock (_gate)
        {
            if (image is ClVolume<short> s && mask is ClVolume<byte> m && TryOnDevice(nameof(Statistics), () =>
                {
                    long rows = (long)dims.Y * dims.Z;
                    if (rows == 0 || dims.X == 0) { result = MaskStatistics.FromSums(0, 0, 0); return; }
                    ClMemHandle sums = _buffers.Get("maskedSums", rows * 3 * sizeof(long));
                    Launch("masked_sums", [dims.Y, dims.Z], s.Buffer, m.Buffer, sums, dims.X);
                    long[] host = new long[rows * 3];
                    OpenClRuntime.Read<long>(_queue, sums, host);
                    long count = 0, sum = 0, sum2 = 0;
                    for (long r = 0; r < rows; r++) { count += host[3 * r]; sum += host[3 * r + 1]; sum2 += host[3 * r + 2]; }
                    result = MaskStatistics.FromSums(count, sum, sum2);
                }))
            {
                return result;
            }
        }
        using var copies = new HostCopies(this);
        return Fallback.Statistics(copies.Of(image), copies.Of(mask));
    }

    /// <inheritdoc />
    public void GrowCut(IDeviceVolume<short> image, IDeviceVolume<byte> seeds, IDeviceVolume<byte> labels)
    {
        DeviceVolumeChecks.SameDimensions(image, seeds);
        DeviceVolumeChecks.SameDimensions(image, labels);
        DeviceVolumeChecks.Distinct(seeds, labels, nameof(GrowCut));
        CheckOwner(image);
        CheckOwner(seeds);
        CheckOwner(labels);
        Int3 dims = image.Geometry.Dimensions;
        long count = dims.Count;
        lock (_gate)
        {
            if (image is ClVolume<short> s && seeds is ClVolume<byte> sd && labels is ClVolume<byte> l && TryOnDevice(nameof(GrowCut), () =>
                {
                    if (count == 0) return;
                    ClMemHandle keys = _buffers.Get("growcutKeys", count * sizeof(uint));
                    ClMemHandle changed = _buffers.Get("growcutChanged", sizeof(int));
                    Span<int> flag = stackalloc int[1];
                    Launch("growcut_init", [count], sd.Buffer, keys);
                    do
                    {
                        flag[0] = 0;
                        OpenClRuntime.Write<int>(_queue, changed, flag);
                        // Several sweeps per check: the flag read is a round trip the sweeps need not wait for.
                        for (int sweep = 0; sweep < 8; sweep++) Launch("growcut_relax", [dims.X, dims.Y, dims.Z], s.Buffer, keys, changed, IComputeBackend.GrowCutMaxDistance);
                        OpenClRuntime.Read(_queue, changed, flag);
                    }
                    while (flag[0] != 0);
                    Launch("growcut_labels", [count], keys, l.Buffer);
                }))
            {
                return;
            }
        }
        using var host = new HostCopies(this);
        Fallback.GrowCut(host.Of(image), host.Of(seeds), host.Of(labels));
        host.WriteBack(labels);
    }

    /// <summary>Canonical component labels of <paramref name="mask"/> into <paramref name="labels"/> (connectivity 4 = in-plane).</summary>
    private void LabelOnDevice(ClMemHandle mask, ClMemHandle labels, Int3 dims, int connectivity)
    {
        ClMemHandle changed = _buffers.Get("cclChanged", sizeof(int));
        Span<int> flag = stackalloc int[1];
        Launch("ccl_init", [dims.Count], mask, labels);
        do
        {
            flag[0] = 0;
            OpenClRuntime.Write<int>(_queue, changed, flag);
            Launch("ccl_scan", [dims.X, dims.Y, dims.Z], labels, connectivity, changed);
            Launch("ccl_jump", [dims.Count], labels);
            OpenClRuntime.Read(_queue, changed, flag);
        }
        while (flag[0] != 0);
    }

    /// <summary>Host copies of device volumes for the CPU fallback; host volumes pass through unchanged.</summary>
    private sealed class HostCopies(OpenClBackend owner) : IDisposable
    {
        private readonly List<IDisposable> _owned = [];
        private readonly Dictionary<object, object> _copies = new(ReferenceEqualityComparer.Instance);

        public IDeviceVolume<T> Of<T>(IDeviceVolume<T> volume) where T : unmanaged
        {
            if (volume is not ClVolume<T> cl) return volume;
            if (_copies.TryGetValue(volume, out object? existing)) return (IDeviceVolume<T>)existing;
            HostVolume<T> host = HostVolume<T>.Rent(volume.Geometry);
            owner.Read(cl, host.Span);
            _owned.Add(host);
            _copies[volume] = host;
            return host;
        }

        public void WriteBack<T>(IDeviceVolume<T> volume) where T : unmanaged
        {
            if (volume is ClVolume<T> cl && _copies.TryGetValue(volume, out object? host)) owner.Write(cl, ((HostVolume<T>)host).Span);
        }

        public void Dispose()
        {
            foreach (IDisposable d in _owned) d.Dispose();
        }
    }
}
