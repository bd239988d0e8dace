using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

// Region operations: hole filling, seeded growing, masked statistics and GrowCut.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void FillHoles(IDeviceVolume<byte> mask, bool planar, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(mask, destination);
        byte[] m = Host(mask).Array, dst = Host(destination).Array;
        Int3 d = mask.Geometry.Dimensions;
        if (d.Count == 0) return;
        if (planar)
        {
            Parallel.For(0, d.Z, k => FillSliceHoles(m, dst, d, k));
            return;
        }
        // 3D: label the background (6-connected) and fill every background component that touches no face.
        int count = (int)d.Count;
        byte[] background = ScratchArray.Rent<byte>(count);
        using HostVolume<int> labels = HostVolume<int>.Rent(mask.Geometry);
        try
        {
            for (int n = 0; n < count; n++) background[n] = m[n] == 0 ? (byte)1 : (byte)0;
            using (HostVolume<byte> wrapped = HostVolume<byte>.Over(mask.Geometry, background))
            {
                LabelComponents(wrapped, Connectivity.Six, labels);
            }
            int[] l = labels.Array;
            // Reuse the background array as "component reaches the edge", indexed by label - 1 (its first voxel).
            Array.Clear(background, 0, count);
            ForEachFaceVoxel(d, n => { if (l[n] != 0) background[l[n] - 1] = 1; });
            int slice = d.X * d.Y;
            Parallel.For(0, d.Z, k =>
            {
                for (int n = k * slice; n < (k + 1) * slice; n++)
                {
                    dst[n] = m[n] != 0 || background[l[n] - 1] == 0 ? (byte)1 : (byte)0;
                }
            });
        }
        finally
        {
            ScratchArray.Return(background);
        }
    }

    private static void ForEachFaceVoxel(Int3 d, Action<int> visit)
    {
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        {
            int row = (k * d.Y + j) * d.X;
            bool wholeRow = k == 0 || k == d.Z - 1 || j == 0 || j == d.Y - 1;
            if (wholeRow) { for (int i = 0; i < d.X; i++) visit(row + i); }
            else { visit(row); visit(row + d.X - 1); }
        }
    }

    /// <summary>One axial slice: flood the background from the slice's edges (4-connected); what the flood misses is a hole.</summary>
    private static void FillSliceHoles(byte[] m, byte[] dst, Int3 d, int k)
    {
        int nx = d.X, ny = d.Y, start = k * nx * ny, length = nx * ny;
        // 2 = background reached from the edge; 1 = set or not (yet) reached.
        byte[] state = ScratchArray.Rent<byte>(length);
        int[] stack = ScratchArray.Rent<int>(length);
        try
        {
            int top = 0;
            for (int n = 0; n < length; n++) state[n] = m[start + n] != 0 ? (byte)1 : (byte)0;
            void Push(int n)
            {
                if (state[n] != 0) return;
                state[n] = 2;
                stack[top++] = n;
            }
            for (int i = 0; i < nx; i++) { Push(i); Push((ny - 1) * nx + i); }
            for (int j = 0; j < ny; j++) { Push(j * nx); Push(j * nx + nx - 1); }
            while (top > 0)
            {
                int n = stack[--top];
                int i = n % nx, j = n / nx;
                if (i > 0) Push(n - 1);
                if (i < nx - 1) Push(n + 1);
                if (j > 0) Push(n - nx);
                if (j < ny - 1) Push(n + nx);
            }
            for (int n = 0; n < length; n++) dst[start + n] = state[n] == 2 ? (byte)0 : (byte)1;
        }
        finally
        {
            ScratchArray.Return(state);
            ScratchArray.Return(stack);
        }
    }

    /// <inheritdoc />
    public void GrowRegion(IDeviceVolume<short> image, short lowInclusive, short highInclusive, IReadOnlyList<Int3> seeds, IDeviceVolume<byte>? constraint, IDeviceVolume<byte> destination)
    {
        DeviceVolumeChecks.SameDimensions(image, destination);
        if (constraint is not null) DeviceVolumeChecks.SameDimensions(image, constraint);
        VolumeChecks.Range(lowInclusive, highInclusive);
        int[] seedIndices = DeviceVolumeChecks.SeedIndices(image.Geometry, seeds);
        Int3 d = image.Geometry.Dimensions;
        int nx = d.X, ny = d.Y, nz = d.Z, slice = nx * ny;
        short[] v = Host(image).Array;
        byte[] o = Host(destination).Array;
        byte[]? c = constraint is null ? null : Host(constraint).Array;
        Array.Clear(o, 0, (int)d.Count);
        var queue = new Queue<int>(1 << 12);
        foreach (int n in seedIndices) Visit(n);
        while (queue.Count > 0)
        {
            int n = queue.Dequeue();
            int i = n % nx, j = n / nx % ny, k = n / slice;
            if (i > 0) Visit(n - 1);
            if (i < nx - 1) Visit(n + 1);
            if (j > 0) Visit(n - nx);
            if (j < ny - 1) Visit(n + nx);
            if (k > 0) Visit(n - slice);
            if (k < nz - 1) Visit(n + slice);
        }

        void Visit(int m)
        {
            if (o[m] != 0) return;
            short value = v[m];
            if (value < lowInclusive || value > highInclusive || (c is not null && c[m] == 0)) return;
            o[m] = 1;
            queue.Enqueue(m);
        }
    }

    /// <inheritdoc />
    public MaskStatistics Statistics(IDeviceVolume<short> image, IDeviceVolume<byte> mask)
    {
        DeviceVolumeChecks.SameDimensions(image, mask);
        short[] v = Host(image).Array;
        byte[] m = Host(mask).Array;
        Int3 d = image.Geometry.Dimensions;
        int slice = d.X * d.Y;
        long count = 0, sum = 0, sum2 = 0;
        var gate = new Lock();
        Parallel.For(0, d.Z, () => (0L, 0L, 0L), (k, _, acc) =>
        {
            for (int n = k * slice; n < (k + 1) * slice; n++)
            {
                if (m[n] == 0) continue;
                long x = v[n];
                acc.Item1++; acc.Item2 += x; acc.Item3 += x * x;
            }
            return acc;
        }, acc => { lock (gate) { count += acc.Item1; sum += acc.Item2; sum2 += acc.Item3; } });
        return MaskStatistics.FromSums(count, sum, sum2);
    }

    /// <inheritdoc />
    public void GrowCut(IDeviceVolume<short> image, IDeviceVolume<byte> seeds, IDeviceVolume<byte> labels)
    {
        DeviceVolumeChecks.SameDimensions(image, seeds);
        DeviceVolumeChecks.SameDimensions(image, labels);
        DeviceVolumeChecks.Distinct(seeds, labels, nameof(GrowCut));
        short[] v = Host(image).Array;
        byte[] s = Host(seeds).Array, l = Host(labels).Array;
        Int3 d = image.Geometry.Dimensions;
        int count = (int)d.Count;
        int[] distance = ScratchArray.Rent<int>(Math.Max(count, 1));
        try
        {
            var queue = new DialQueue(GeodesicGrowth.MaxStepCost);
            for (int n = 0; n < count; n++)
            {
                if (s[n] == IComputeBackend.GrowCutNoSeed) { distance[n] = int.MaxValue; l[n] = 0; continue; }
                distance[n] = 0;
                l[n] = s[n];
                queue.Push(n, 0);
            }
            GeodesicGrowth.Propagate(v.AsSpan(0, count), distance.AsSpan(0, count), l.AsSpan(0, count), d, queue);
        }
        finally
        {
            ScratchArray.Return(distance);
        }
    }
}
