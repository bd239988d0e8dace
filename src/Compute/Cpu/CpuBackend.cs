using System.Buffers;
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

        // The float intermediate is the size of the volume; pooling it avoids the page-fault cost of fresh memory.
        float[] planes = ArrayPool<float>.Shared.Rent(count);
        try
        {
            var options = new ParallelOptions();
            Parallel.For(0, nz, options,
                () => new SliceScratch(nx + wx.Length, sliceLength),
                (k, _, scratch) =>
                {
                    SmoothSliceXy(src, planes, k, nx, ny, wx, wy, scratch, simd);
                    return scratch;
                },
                scratch => scratch.Return());
            Parallel.For(0, nz, k => SmoothSliceZ(planes, dst, k, sliceLength, nz, wz, simd));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(planes);
        }
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

    /// <summary>X then Y pass of one z slice: shorts in, floats out into the same slice of <paramref name="planes"/>.</summary>
    private static void SmoothSliceXy(short[] src, float[] planes, int k, int nx, int ny, float[] wx, float[] wy, SliceScratch scratch, bool simd)
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
            Convolve(xPass, offsets[..wy.Length], wy, planes.AsSpan(sliceStart + j * nx, nx), simd);
        }
    }

    /// <summary>Z pass for output slice k: floats in, rounded saturated shorts out.</summary>
    private static void SmoothSliceZ(float[] planes, short[] dst, int k, int sliceLength, int nz, float[] wz, bool simd)
    {
        int rz = wz.Length / 2;
        Span<int> offsets = stackalloc int[wz.Length];
        for (int t = 0; t < wz.Length; t++) offsets[t] = Math.Clamp(k + t - rz, 0, nz - 1) * sliceLength;
        ConvolveToShort(planes, offsets, wz, dst.AsSpan(k * sliceLength, sliceLength), simd);
    }

    private static short RoundToShort(float value) => (short)MathF.Round(Math.Clamp(value, short.MinValue, short.MaxValue));

    /// <summary>Per-thread buffers for the X and Y passes, rented once per worker rather than per row.</summary>
    private sealed class SliceScratch(int rowLength, int sliceLength)
    {
        public float[] Row { get; } = ArrayPool<float>.Shared.Rent(rowLength);

        public float[] Slice { get; } = ArrayPool<float>.Shared.Rent(sliceLength);

        public void Return()
        {
            ArrayPool<float>.Shared.Return(Row);
            ArrayPool<float>.Shared.Return(Slice);
        }
    }
}
