using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// Runs operations on the host with Vector256 SIMD and Parallel.For over z slabs. It is the reference every
/// other backend is tested against. Thread-safe: it keeps no state between calls apart from pooled buffers.
/// </summary>
public sealed partial class CpuBackend : IComputeBackend
{
    // Below this many voxels the thread hand-off costs more than it saves.
    private const int MinVoxelsPerTask = 1 << 16;

    /// <summary>Creates a backend that uses all logical processors.</summary>
    public CpuBackend()
    {
    }

    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public string Description => $"CPU {Environment.ProcessorCount} threads {SimdName}";

    private static string SimdName =>
        !Vector256.IsHardwareAccelerated ? "scalar"
        : Avx512F.IsSupported ? "AVX2 (AVX-512 present)"
        : Avx2.IsSupported ? "AVX2"
        : "Vector256";

    /// <inheritdoc />
    public void Threshold(Volume<short> source, short lowInclusive, short highInclusive, Volume<byte> destination)
    {
        VolumeChecks.SameDimensions(source, destination);
        VolumeChecks.Range(lowInclusive, highInclusive);
        ThresholdCore(source.Data, destination.Data, source.Dimensions, lowInclusive, highInclusive);
    }

    private static void ThresholdCore(short[] src, byte[] dst, Int3 dims, short lowInclusive, short highInclusive)
    {
        bool simd = Vector256.IsHardwareAccelerated;
        int sliceLength = dims.X * dims.Y;
        int count = (int)dims.Count;
        (int slabs, int slicesPerSlab) = Slabs(dims.Z, sliceLength);
        Parallel.For(0, slabs, slab =>
        {
            int start = slab * slicesPerSlab * sliceLength;
            int end = Math.Min(count, start + slicesPerSlab * sliceLength);
            ThresholdRun(src.AsSpan(start, end - start), dst.AsSpan(start, end - start), lowInclusive, highInclusive, simd);
        });
    }

    /// <inheritdoc />
    public void GaussianSmooth(Volume<short> source, double sigmaMm, Volume<short> destination)
    {
        VolumeChecks.SameDimensions(source, destination);
        VolumeChecks.Sigma(sigmaMm);
        GaussianCore(source.Data, destination.Data, source.Geometry, sigmaMm);
    }

    private static void GaussianCore(short[] src, short[] dst, ImageGeometry geometry, double sigmaMm)
    {
        int count = (int)geometry.VoxelCount;
        if (count == 0) return;
        Vec3 spacing = geometry.SpacingMm;
        float[] wx = GaussianKernel.Weights(sigmaMm, spacing.X);
        float[] wy = GaussianKernel.Weights(sigmaMm, spacing.Y);
        float[] wz = GaussianKernel.Weights(sigmaMm, spacing.Z);
        int nx = geometry.Dimensions.X, ny = geometry.Dimensions.Y, nz = geometry.Dimensions.Z;
        int sliceLength = nx * ny;
        bool simd = Vector256.IsHardwareAccelerated;

        // The z pass of slice k needs the x-y filtered planes k-rz..k+rz only, so each task streams its own range of
        // slices through a small buffer instead of a float copy of the whole volume (4 bytes a voxel; 420 MB at
        // 512x512x400). Planes of neighbouring ranges are filtered first, while every source slice is still pristine,
        // which keeps in-place smoothing (source == destination) correct. The arithmetic is the same per voxel as a
        // whole-volume intermediate would give, so the result does not depend on the range split.
        int rz = wz.Length / 2;
        int ranges = Math.Clamp(Environment.ProcessorCount, 1, nz);
        var buffers = new ZRangeBuffer[ranges];
        try
        {
            Parallel.For(0, ranges, () => new SliceScratch(nx + wx.Length, sliceLength), (r, _, scratch) =>
            {
                var buffer = buffers[r] = new ZRangeBuffer(r * nz / ranges, (r + 1) * nz / ranges, rz, nz, sliceLength);
                foreach (int z in buffer.ForeignPlanes()) SmoothSliceXy(src, buffer.Planes, buffer.Offset(z), z, nx, ny, wx, wy, scratch, simd);
                return scratch;
            }, scratch => scratch.Return());
            Parallel.For(0, ranges, () => new SliceScratch(nx + wx.Length, sliceLength), (r, _, scratch) =>
            {
                ZRangeBuffer buffer = buffers[r];
                Span<int> offsets = stackalloc int[wz.Length];
                int next = Math.Max(0, buffer.First - rz);
                for (int k = buffer.First; k < buffer.End; k++)
                {
                    // Own planes up to k + rz; the ring slot a new plane takes held one the z pass no longer reads.
                    for (; next <= Math.Min(k + rz, buffer.End - 1); next++)
                    {
                        if (next >= buffer.First) SmoothSliceXy(src, buffer.Planes, buffer.Offset(next), next, nx, ny, wx, wy, scratch, simd);
                    }
                    for (int t = 0; t < wz.Length; t++) offsets[t] = buffer.Offset(Math.Clamp(k + t - rz, 0, nz - 1));
                    ConvolveToShort(buffer.Planes, offsets, wz, dst.AsSpan(k * sliceLength, sliceLength), simd);
                }
                return scratch;
            }, scratch => scratch.Return());
        }
        finally
        {
            foreach (ZRangeBuffer? buffer in buffers) buffer?.Return();
        }
    }

    /// <summary>
    /// The x-y filtered float planes one task of the Gaussian's z pass reads: the up to rz planes below and above its
    /// own slices [First, End) (filtered before any task writes) and a ring of 2rz+1 of its own.
    /// </summary>
    private sealed class ZRangeBuffer
    {
        private readonly int _rz, _nz, _sliceLength;

        public ZRangeBuffer(int first, int end, int rz, int nz, int sliceLength)
        {
            (First, End, _rz, _nz, _sliceLength) = (first, end, rz, nz, sliceLength);
            Planes = ScratchArray.Rent<float>((4 * rz + 1) * sliceLength);
        }

        public int First { get; }

        public int End { get; }

        public float[] Planes { get; }

        /// <summary>Slices outside [First, End) whose planes the z pass of this range reads.</summary>
        public IEnumerable<int> ForeignPlanes()
        {
            for (int z = Math.Max(0, First - _rz); z < First; z++) yield return z;
            for (int z = End; z < Math.Min(_nz, End + _rz); z++) yield return z;
        }

        /// <summary>Where plane z lives in <see cref="Planes"/>: below the range, in the ring, or above the range.</summary>
        public int Offset(int z)
        {
            int slot = z < First ? z - (First - _rz) : z >= End ? 3 * _rz + 1 + (z - End) : _rz + z % (2 * _rz + 1);
            return slot * _sliceLength;
        }

        public void Return() => ScratchArray.Return(Planes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static (int Slabs, int SlicesPerSlab) Slabs(int sliceCount, int sliceLength)
    {
        int wanted = Math.Max(1, Math.Min(sliceCount, Environment.ProcessorCount * 4));
        int bySize = Math.Max(1, (int)Math.Min(sliceCount, (long)sliceCount * sliceLength / MinVoxelsPerTask));
        int slabs = Math.Min(wanted, bySize);
        int slicesPerSlab = (sliceCount + slabs - 1) / slabs;
        return ((sliceCount + slicesPerSlab - 1) / slicesPerSlab, slicesPerSlab);
    }

    /// <summary>X then Y pass of z slice k: shorts in, floats out into <paramref name="planes"/> from <paramref name="planeOffset"/>.</summary>
    private static void SmoothSliceXy(short[] src, float[] planes, int planeOffset, int k, int nx, int ny, float[] wx, float[] wy, SliceScratch scratch, bool simd)
    {
        int rx = wx.Length / 2, ry = wy.Length / 2;
        int sliceStart = k * nx * ny;
        float[] padded = scratch.Row;
        float[] xPass = scratch.Slice;
        Span<int> offsets = stackalloc int[Math.Max(wx.Length, wy.Length)];

        for (int t = 0; t < wx.Length; t++) offsets[t] = t;
        for (int j = 0; j < ny; j++)
        {
            ReadOnlySpan<short> row = src.AsSpan(sliceStart + j * nx, nx);
            padded.AsSpan(0, rx).Fill(row[0]);
            for (int i = 0; i < nx; i++) padded[rx + i] = row[i];
            padded.AsSpan(rx + nx, rx).Fill(row[nx - 1]);
            Convolve(padded, offsets[..wx.Length], wx, xPass.AsSpan(j * nx, nx), simd);
        }

        for (int j = 0; j < ny; j++)
        {
            for (int t = 0; t < wy.Length; t++) offsets[t] = Math.Clamp(j + t - ry, 0, ny - 1) * nx;
            Convolve(xPass, offsets[..wy.Length], wy, planes.AsSpan(planeOffset + j * nx, nx), simd);
        }
    }

    private static short RoundToShort(float value) => (short)MathF.Round(Math.Clamp(value, short.MinValue, short.MaxValue));

    /// <summary>Per-thread buffers for the X and Y passes, rented once per worker rather than per row.</summary>
    private sealed class SliceScratch(int rowLength, int sliceLength)
    {
        public float[] Row { get; } = ScratchArray.Rent<float>(rowLength);

        public float[] Slice { get; } = ScratchArray.Rent<float>(sliceLength);

        public void Return()
        {
            ScratchArray.Return(Row);
            ScratchArray.Return(Slice);
        }
    }
}
