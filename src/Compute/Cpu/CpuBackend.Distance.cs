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
        float[] inside = ScratchArray.Rent<float>(count);
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
            ScratchArray.Return(inside);
        }
    }

    /// <inheritdoc />
    public void Morphology(IDeviceVolume<byte> mask, MorphologyOperation operation, double radiusMm, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(mask, destination);
        DeviceVolumeChecks.RadiusMm(radiusMm);
        Morphology(Host(mask).Array, Host(destination).Array, mask.Geometry, operation, radiusMm, MorphologySlabVoxels);
    }

    /// <summary>Voxels per slab of the morphology's squared-distance scratch (32 MB of floats).</summary>
    internal const int MorphologySlabVoxels = 1 << 23;

    /// <summary>Morphology on host arrays with z slabs of about <paramref name="slabVoxels"/> voxels (tests pass small slabs).</summary>
    internal static void Morphology(byte[] src, byte[] dst, ImageGeometry g, MorphologyOperation operation, double radiusMm, int slabVoxels)
    {
        switch (operation)
        {
            case MorphologyOperation.Dilate: SlabMorphology(src, dst, g, radiusMm, dilate: true, slabVoxels); break;
            case MorphologyOperation.Erode: SlabMorphology(src, dst, g, radiusMm, dilate: false, slabVoxels); break;
            case MorphologyOperation.Open: SlabMorphology(src, dst, g, radiusMm, dilate: false, slabVoxels); SlabMorphology(dst, dst, g, radiusMm, dilate: true, slabVoxels); break;
            case MorphologyOperation.Close: SlabMorphology(src, dst, g, radiusMm, dilate: true, slabVoxels); SlabMorphology(dst, dst, g, radiusMm, dilate: false, slabVoxels); break;
            default: throw new ArgumentOutOfRangeException(nameof(operation), operation, "use Dilate, Erode, Open or Close");
        }
    }

    /// <summary>
    /// Dilation (a set voxel within radiusMm) or erosion (a set voxel with no clear voxel within radiusMm) through the
    /// squared EDT, one z slab at a time. A voxel farther than the radius in z cannot decide the result, so each slab
    /// transforms only its slices plus a halo of ceil(r / spacing z) on each side and the answer is exactly the
    /// whole-volume one, with slab-sized scratch instead of a float per voxel (420 MB at 512x512x400). A slab's
    /// result is written only after the next slab has read its halo, so source and destination may be one array.
    /// </summary>
    private static void SlabMorphology(byte[] src, byte[] dst, ImageGeometry g, double radiusMm, bool dilate, int slabVoxels)
    {
        Int3 d = g.Dimensions;
        int slice = d.X * d.Y;
        if (d.Count == 0) return;
        float r2 = (float)(radiusMm * radiusMm);
        int halo = (int)Math.Min(d.Z, Math.Ceiling(radiusMm / g.SpacingMm.Z));
        int core = Math.Max(Math.Max(halo, 1), slabVoxels / slice);
        float[] d2 = ScratchArray.Rent<float>(Math.Min(d.Z, core + 2 * halo) * slice);
        byte[] pending = ScratchArray.Rent<byte>(Math.Min(d.Z, core) * slice);
        int pendingStart = 0, pendingLength = 0;
        try
        {
            for (int c0 = 0; c0 < d.Z; c0 += core)
            {
                int c1 = Math.Min(d.Z, c0 + core), h0 = Math.Max(0, c0 - halo), h1 = Math.Min(d.Z, c1 + halo);
                SquaredDistance(src, h0 * slice, d2, new Int3(d.X, d.Y, h1 - h0), g.SpacingMm, toSet: dilate);
                pending.AsSpan(0, pendingLength).CopyTo(dst.AsSpan(pendingStart));
                int coreStart = c0 * slice, scratchStart = (c0 - h0) * slice;
                Parallel.For(0, c1 - c0, k =>
                {
                    for (int n = k * slice; n < (k + 1) * slice; n++)
                    {
                        bool inside = d2[scratchStart + n] <= r2;
                        pending[n] = (dilate ? inside : src[coreStart + n] != 0 && !inside) ? (byte)1 : (byte)0;
                    }
                });
                (pendingStart, pendingLength) = (coreStart, (c1 - c0) * slice);
            }
            pending.AsSpan(0, pendingLength).CopyTo(dst.AsSpan(pendingStart));
        }
        finally
        {
            ScratchArray.Return(d2);
            ScratchArray.Return(pending);
        }
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
    private static void SquaredDistance(byte[] m, float[] f, ImageGeometry g, bool toSet) =>
        SquaredDistance(m, 0, f, g.Dimensions, g.SpacingMm, toSet);

    /// <summary>The same over the sub-grid of <paramref name="d"/> voxels whose first voxel is m[<paramref name="mStart"/>]; f holds only that sub-grid.</summary>
    private static void SquaredDistance(byte[] m, int mStart, float[] f, Int3 d, Vec3 s, bool toSet) =>
        SquaredDistance(new MaskLines(m, mStart, d.X, toSet), f, d, s);

    /// <summary>Marks "no such voxel in the box" in a quantized distance map.</summary>
    public const ushort NoFeature = ushort.MaxValue;

    /// <summary>
    /// Distance from each voxel centre of <paramref name="box"/> to the nearest voxel of <paramref name="volume"/> inside
    /// the box that equals <paramref name="value"/>, in steps of 1 / <paramref name="stepsPerMm"/> mm, saturating one step
    /// below <see cref="NoFeature"/>, which marks a box without such a voxel; written over the box's voxels (x fastest).
    /// No float volume is made: x and y passes run per slice, their in-plane distances are kept in the steps, and the z
    /// pass reads them back per column. Each of the two roundings moves a distance by at most half a step, so the result
    /// is within one step of the exact EDT (1/64 mm at 64 steps per mm), at 2 bytes a voxel instead of the 4 of a float
    /// map plus its label mask.
    /// </summary>
    public static void DistanceToValueSteps(Volume<byte> volume, byte value, VoxelBox box, float stepsPerMm, ushort[] destination)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(destination);
        if (box.IsEmpty || box.Lo.X < 0 || box.Lo.Y < 0 || box.Lo.Z < 0 || box.End.X > volume.Dimensions.X || box.End.Y > volume.Dimensions.Y || box.End.Z > volume.Dimensions.Z)
        {
            throw new ArgumentException($"box {box} does not lie inside the volume's {volume.Dimensions} voxels", nameof(box));
        }
        if (destination.Length < box.VoxelCount) throw new ArgumentException($"destination holds {destination.Length} values but the box has {box.VoxelCount} voxels", nameof(destination));
        if (!(stepsPerMm > 0) || !float.IsFinite(stepsPerMm)) throw new ArgumentOutOfRangeException(nameof(stepsPerMm), stepsPerMm, "give a positive number of steps per mm, such as 64");
        int nx = box.Size.X, ny = box.Size.Y, nz = box.Size.Z, slice = nx * ny;
        Vec3 s = volume.Geometry.SpacingMm;
        float wx = (float)(s.X * s.X), wy = (float)(s.Y * s.Y), wz = (float)(s.Z * s.Z);
        var lines = new ValueLines(volume.Data, volume.Dimensions, box, value);
        Parallel.For(0, nz, () => new SliceEnvelope(nx, ny), (k, _, buffers) =>
        {
            float[] plane = buffers.Plane;
            for (int j = 0; j < ny; j++)
            {
                Span<float> line = plane.AsSpan(j * nx, nx);
                lines.Fill(k * ny + j, line);
                buffers.Rows.Transform(line, wx);
            }
            for (int i0 = 0; i0 < nx; i0 += LineBlock.Width) buffers.Columns.Transform(plane, i0, Math.Min(LineBlock.Width, nx - i0), nx, wy);
            Span<ushort> steps = destination.AsSpan(k * slice, slice);
            for (int n = 0; n < slice; n++) steps[n] = ToSteps(plane[n], stepsPerMm);
            return buffers;
        }, _ => { });
        Parallel.For(0, ny, () => new LowerEnvelope(nz), (j, _, envelope) =>
        {
            Span<float> line = envelope.Scratch;
            for (int i = 0; i < nx; i++)
            {
                int start = j * nx + i;
                for (int k = 0; k < nz; k++)
                {
                    ushort step = destination[start + k * slice];
                    float mm = step / stepsPerMm;
                    line[k] = step == NoFeature ? float.PositiveInfinity : mm * mm;
                }
                envelope.Transform(line[..nz], wz);
                for (int k = 0; k < nz; k++) destination[start + k * slice] = ToSteps(line[k], stepsPerMm);
            }
            return envelope;
        }, _ => { });
    }

    /// <summary>A squared distance (mm²) as steps of 1 / stepsPerMm mm, saturating below <see cref="NoFeature"/>; infinity is <see cref="NoFeature"/>.</summary>
    private static ushort ToSteps(float squaredMm, float stepsPerMm) =>
        float.IsPositiveInfinity(squaredMm) ? NoFeature : (ushort)Math.Min(MathF.Round(MathF.Sqrt(squaredMm) * stepsPerMm), NoFeature - 1);

    /// <summary>Per-thread buffers for one slice's x and y passes.</summary>
    private sealed class SliceEnvelope(int nx, int ny)
    {
        public float[] Plane { get; } = new float[nx * ny];

        public LowerEnvelope Rows { get; } = new(nx);

        public LineBlock Columns { get; } = new(ny);
    }

    /// <summary>Where the x pass of the squared EDT gets each line's feature voxels from.</summary>
    private interface ILineSource
    {
        /// <summary>Writes 0 on feature voxels and +infinity elsewhere for line row (j + k·ny) of the grid being transformed.</summary>
        void Fill(int row, Span<float> line);
    }

    /// <summary>Feature voxels are the set (toSet) or clear voxels of a byte mask, from m[start].</summary>
    private readonly struct MaskLines(byte[] m, int start, int nx, bool toSet) : ILineSource
    {
        public void Fill(int row, Span<float> line)
        {
            ReadOnlySpan<byte> mrow = m.AsSpan(start + row * nx, nx);
            for (int i = 0; i < nx; i++) line[i] = (mrow[i] != 0) == toSet ? 0f : float.PositiveInfinity;
        }
    }

    /// <summary>Feature voxels are those of a box of a byte volume that equal a value.</summary>
    private readonly struct ValueLines(byte[] volume, Int3 full, VoxelBox box, byte value) : ILineSource
    {
        public void Fill(int row, Span<float> line)
        {
            int j = row % box.Size.Y, k = row / box.Size.Y;
            ReadOnlySpan<byte> vrow = volume.AsSpan((int)(((long)(box.Lo.Z + k) * full.Y + box.Lo.Y + j) * full.X + box.Lo.X), box.Size.X);
            for (int i = 0; i < vrow.Length; i++) line[i] = vrow[i] == value ? 0f : float.PositiveInfinity;
        }
    }

    private static void SquaredDistance<TLines>(TLines lines, float[] f, Int3 d, Vec3 s) where TLines : struct, ILineSource
    {
        int nx = d.X, ny = d.Y, nz = d.Z;
        float wx = (float)(s.X * s.X), wy = (float)(s.Y * s.Y), wz = (float)(s.Z * s.Z);
        if (nx * ny * nz == 0) return;

        Parallel.For(0, ny * nz, () => new LowerEnvelope(nx), (row, _, env) =>
        {
            Span<float> line = f.AsSpan(row * nx, nx);
            lines.Fill(row, line);
            env.Transform(line, wx);
            return env;
        }, _ => { });

        // y and z passes: gather blocks of 16 neighbouring lines (one 64-byte cache line per strided step) into a
        // small per-thread buffer, transform each, scatter back. Whole-plane transposes cost more in copies; single
        // strided lines waste most of every cache line they touch.
        int slice = nx * ny;
        Parallel.For(0, nz, () => new LineBlock(ny), (k, _, block) =>
        {
            for (int i0 = 0; i0 < nx; i0 += LineBlock.Width) block.Transform(f, k * slice + i0, Math.Min(LineBlock.Width, nx - i0), nx, wy);
            return block;
        }, _ => { });
        Parallel.For(0, ny, () => new LineBlock(nz), (j, _, block) =>
        {
            for (int i0 = 0; i0 < nx; i0 += LineBlock.Width) block.Transform(f, j * nx + i0, Math.Min(LineBlock.Width, nx - i0), slice, wz);
            return block;
        }, _ => { });
    }

    /// <summary>Per-thread buffers for transforming up to <see cref="Width"/> adjacent strided lines together.</summary>
    private sealed class LineBlock(int length)
    {
        public const int Width = 16;
        private readonly float[] _lines = new float[Width * length];
        private readonly LowerEnvelope _envelope = new(length);

        /// <summary>Transforms lines start+c (c below count), each with `length` values spaced `stride` apart.</summary>
        public void Transform(float[] f, int start, int count, int stride, float w)
        {
            for (int q = 0; q < length; q++)
            {
                ReadOnlySpan<float> src = f.AsSpan(start + q * stride, count);
                for (int c = 0; c < count; c++) _lines[c * length + q] = src[c];
            }
            for (int c = 0; c < count; c++) _envelope.Transform(_lines.AsSpan(c * length, length), w);
            for (int q = 0; q < length; q++)
            {
                Span<float> dst = f.AsSpan(start + q * stride, count);
                for (int c = 0; c < count; c++) dst[c] = _lines[c * length + q];
            }
        }
    }
}
