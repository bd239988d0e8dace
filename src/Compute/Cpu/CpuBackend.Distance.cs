using System.Buffers;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

// Exact anisotropic EDT (separable, x then y then z) and the morphology built on it.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void DistanceTransform(IDeviceVolume<byte> mask, bool signed, IDeviceVolume<float> destination)
    {
        DeviceVolumeChecks.SameDimensions(mask, destination);
        byte[] m = Host(mask).Array;
        float[] f = Host(destination).Array;
        ImageGeometry g = mask.Geometry;
        int count = (int)g.VoxelCount;
        SquaredDistance(m, f, g, toSet: true);
        if (!signed)
        {
            Parallel.For(0, g.Dimensions.Z, k => SqrtSlice(f, k, g));
            return;
        }
        float[] inside = ArrayPool<float>.Shared.Rent(count);
        try
        {
            SquaredDistance(m, inside, g, toSet: false);
            int slice = g.Dimensions.X * g.Dimensions.Y;
            Parallel.For(0, g.Dimensions.Z, k =>
            {
                for (int n = k * slice; n < (k + 1) * slice; n++) f[n] = m[n] != 0 ? -MathF.Sqrt(inside[n]) : MathF.Sqrt(f[n]);
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(inside);
        }
    }

    /// <inheritdoc />
    public void Morphology(IDeviceVolume<byte> mask, MorphologyOperation operation, double radiusMm, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(mask, destination);
        DeviceVolumeChecks.RadiusMm(radiusMm);
        byte[] src = Host(mask).Array, dst = Host(destination).Array;
        ImageGeometry g = mask.Geometry;
        float r2 = (float)(radiusMm * radiusMm);
        float[] d2 = ArrayPool<float>.Shared.Rent((int)g.VoxelCount);
        try
        {
            switch (operation)
            {
                case MorphologyOperation.Dilate: Dilate(src, dst, d2, g, r2); break;
                case MorphologyOperation.Erode: Erode(src, dst, d2, g, r2); break;
                case MorphologyOperation.Open: Erode(src, dst, d2, g, r2); Dilate(dst, dst, d2, g, r2); break;
                case MorphologyOperation.Close: Dilate(src, dst, d2, g, r2); Erode(dst, dst, d2, g, r2); break;
                default: throw new ArgumentOutOfRangeException(nameof(operation), operation, "use Dilate, Erode, Open or Close");
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(d2);
        }
    }

    private static void Dilate(byte[] src, byte[] dst, float[] d2, ImageGeometry g, float r2)
    {
        SquaredDistance(src, d2, g, toSet: true);
        int slice = g.Dimensions.X * g.Dimensions.Y;
        Parallel.For(0, g.Dimensions.Z, k =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++) dst[n] = d2[n] <= r2 ? (byte)1 : (byte)0;
        });
    }

    private static void Erode(byte[] src, byte[] dst, float[] d2, ImageGeometry g, float r2)
    {
        SquaredDistance(src, d2, g, toSet: false);
        int slice = g.Dimensions.X * g.Dimensions.Y;
        Parallel.For(0, g.Dimensions.Z, k =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++) dst[n] = src[n] != 0 && d2[n] > r2 ? (byte)1 : (byte)0;
        });
    }

    private static void SqrtSlice(float[] f, int k, ImageGeometry g)
    {
        int slice = g.Dimensions.X * g.Dimensions.Y;
        Span<float> s = f.AsSpan(k * slice, slice);
        for (int n = 0; n < s.Length; n++) s[n] = MathF.Sqrt(s[n]);
    }

    /// <summary>
    /// Squared distance in mm² from each voxel centre to the nearest voxel that is set (toSet) or clear (!toSet);
    /// 0 on those voxels, +infinity when there are none.
    /// </summary>
    private static void SquaredDistance(byte[] m, float[] f, ImageGeometry g, bool toSet)
    {
        int nx = g.Dimensions.X, ny = g.Dimensions.Y, nz = g.Dimensions.Z;
        Vec3 s = g.SpacingMm;
        float wx = (float)(s.X * s.X), wy = (float)(s.Y * s.Y), wz = (float)(s.Z * s.Z);
        if (nx * ny * nz == 0) return;

        Parallel.For(0, ny * nz, () => new LowerEnvelope(nx), (row, _, env) =>
        {
            Span<float> line = f.AsSpan(row * nx, nx);
            ReadOnlySpan<byte> mrow = m.AsSpan(row * nx, nx);
            for (int i = 0; i < nx; i++) line[i] = (mrow[i] != 0) == toSet ? 0f : float.PositiveInfinity;
            env.Transform(line, wx);
            return env;
        }, _ => { });

        // y and z passes: transpose a whole plane into a per-thread scratch (contiguous reads), transform contiguous
        // lines there, transpose back. Gathering one strided column at a time missed the cache on every voxel.
        int slice = nx * ny;
        Parallel.For(0, nz, () => new PlaneScratch(ny, nx), (k, _, p) =>
        {
            TransformPlane(f, k * slice, rowStride: nx, columnStride: 1, columns: nx, length: ny, wy, p);
            return p;
        }, p => p.Return());
        Parallel.For(0, ny, () => new PlaneScratch(nz, nx), (j, _, p) =>
        {
            TransformPlane(f, j * nx, rowStride: slice, columnStride: 1, columns: nx, length: nz, wz, p);
            return p;
        }, p => p.Return());
    }

    /// <summary>Transforms <paramref name="columns"/> lines of <paramref name="length"/> values each, line c starting at start + c·columnStride with step rowStride.</summary>
    private static void TransformPlane(float[] f, int start, int rowStride, int columnStride, int columns, int length, float w, PlaneScratch p)
    {
        float[] t = p.Plane;
        for (int q = 0; q < length; q++)
        {
            ReadOnlySpan<float> row = f.AsSpan(start + q * rowStride, columns);
            for (int c = 0; c < columns; c++) t[c * length + q] = row[c * columnStride];
        }
        for (int c = 0; c < columns; c++) p.Envelope.Transform(t.AsSpan(c * length, length), w);
        for (int q = 0; q < length; q++)
        {
            Span<float> row = f.AsSpan(start + q * rowStride, columns);
            for (int c = 0; c < columns; c++) row[c * columnStride] = t[c * length + q];
        }
    }

    /// <summary>Per-thread transposed plane and envelope buffers for the y and z passes.</summary>
    private sealed class PlaneScratch(int length, int columns)
    {
        public float[] Plane { get; } = ArrayPool<float>.Shared.Rent(length * columns);

        public LowerEnvelope Envelope { get; } = new(length);

        public void Return() => ArrayPool<float>.Shared.Return(Plane);
    }
}
