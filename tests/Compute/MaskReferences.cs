using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests;

/// <summary>Brute-force references for the mask operations: slow, obviously correct, small volumes only.</summary>
internal static class MaskReferences
{
    public static Volume<byte> RandomMask(Int3 dims, Vec3 spacingMm, int seed, double fraction)
    {
        var mask = new Volume<byte>(ImageGeometry.Axial(dims, spacingMm, Vec3.Zero));
        var random = new Random(seed);
        Span<byte> v = mask.Voxels;
        for (int n = 0; n < v.Length; n++) v[n] = random.NextDouble() < fraction ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>Distance in mm from each voxel to the nearest voxel with (mask != 0) == toSet, by checking all of them.</summary>
    public static double[] Distance(Volume<byte> mask, bool toSet)
    {
        Int3 d = mask.Dimensions;
        Vec3 s = mask.Geometry.SpacingMm;
        var targets = new List<(int I, int J, int K)>();
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++)
            if ((mask[i, j, k] != 0) == toSet) targets.Add((i, j, k));
        var result = new double[d.Count];
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++)
        {
            double best = double.PositiveInfinity;
            foreach (var t in targets)
            {
                double dx = (t.I - i) * s.X, dy = (t.J - j) * s.Y, dz = (t.K - k) * s.Z;
                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
            }
            result[(k * d.Y + j) * d.X + i] = Math.Sqrt(best);
        }
        return result;
    }

    /// <summary>Canonical labels (1 + index of each component's first voxel) by breadth-first search.</summary>
    public static int[] Components(Volume<byte> mask, int connectivity)
    {
        Int3 d = mask.Dimensions;
        var labels = new int[d.Count];
        var queue = new Queue<(int I, int J, int K)>();
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++)
        {
            int n = (k * d.Y + j) * d.X + i;
            if (mask.Data[n] == 0 || labels[n] != 0) continue;
            labels[n] = n + 1;
            queue.Enqueue((i, j, k));
            while (queue.Count > 0)
            {
                var (a, b, c) = queue.Dequeue();
                for (int dz = -1; dz <= 1; dz++) for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++)
                {
                    int order = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                    if (order == 0 || (connectivity == 6 && order > 1) || (connectivity == 18 && order > 2)) continue;
                    int x = a + dx, y = b + dy, z = c + dz;
                    if (!mask.Geometry.Contains(x, y, z)) continue;
                    int m = (z * d.Y + y) * d.X + x;
                    if (mask.Data[m] == 0 || labels[m] != 0) continue;
                    labels[m] = n + 1;
                    queue.Enqueue((x, y, z));
                }
            }
        }
        return labels;
    }

    /// <summary>Median of the clamped box of half-widths r around every voxel, by sorting.</summary>
    public static short[] Median(Volume<short> source, Int3 r)
    {
        Int3 d = source.Dimensions;
        var result = new short[d.Count];
        var window = new List<short>();
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++)
        {
            window.Clear();
            for (int c = -r.Z; c <= r.Z; c++) for (int b = -r.Y; b <= r.Y; b++) for (int a = -r.X; a <= r.X; a++)
                window.Add(source[Math.Clamp(i + a, 0, d.X - 1), Math.Clamp(j + b, 0, d.Y - 1), Math.Clamp(k + c, 0, d.Z - 1)]);
            window.Sort();
            result[(k * d.Y + j) * d.X + i] = window[window.Count / 2];
        }
        return result;
    }
}
