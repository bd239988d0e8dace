using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests;

/// <summary>Plain references for the region operations: flood fills and a label-correcting shortest path, small volumes only.</summary>
internal static class RegionReferences
{
    private static IEnumerable<(int X, int Y, int Z)> Neighbours(Int3 d, int x, int y, int z, bool planar)
    {
        (int, int, int)[] steps = [(-1, 0, 0), (1, 0, 0), (0, -1, 0), (0, 1, 0), (0, 0, -1), (0, 0, 1)];
        foreach ((int a, int b, int c) in steps)
        {
            if (planar && c != 0) continue;
            int i = x + a, j = y + b, k = z + c;
            if (i >= 0 && j >= 0 && k >= 0 && i < d.X && j < d.Y && k < d.Z) yield return (i, j, k);
        }
    }

    /// <summary>Background reached from the grid faces (or, planar, each slice's edges) stays 0; everything else becomes 1.</summary>
    public static byte[] FillHoles(Volume<byte> mask, bool planar)
    {
        Int3 d = mask.Dimensions;
        var reached = new bool[d.Count];
        var queue = new Queue<(int, int, int)>();
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++)
        {
            bool edge = i == 0 || j == 0 || i == d.X - 1 || j == d.Y - 1 || (!planar && (k == 0 || k == d.Z - 1));
            if (!edge || mask[i, j, k] != 0) continue;
            reached[(k * d.Y + j) * d.X + i] = true;
            queue.Enqueue((i, j, k));
        }
        while (queue.Count > 0)
        {
            (int x, int y, int z) = queue.Dequeue();
            foreach ((int i, int j, int k) in Neighbours(d, x, y, z, planar))
            {
                int m = (k * d.Y + j) * d.X + i;
                if (mask.Data[m] != 0 || reached[m]) continue;
                reached[m] = true;
                queue.Enqueue((i, j, k));
            }
        }
        return [.. reached.Select(r => r ? (byte)0 : (byte)1)];
    }

    /// <summary>6-connected flood from the seeds through voxels in [low, high] with the constraint set.</summary>
    public static byte[] Grow(Volume<short> image, short low, short high, IReadOnlyList<Int3> seeds, Volume<byte> constraint)
    {
        Int3 d = image.Dimensions;
        var grown = new byte[d.Count];
        var queue = new Queue<(int, int, int)>();
        bool Inside(int i, int j, int k) => image[i, j, k] >= low && image[i, j, k] <= high && constraint[i, j, k] != 0;
        foreach (Int3 s in seeds)
        {
            if (!Inside(s.X, s.Y, s.Z)) continue;
            grown[(s.Z * d.Y + s.Y) * d.X + s.X] = 1;
            queue.Enqueue((s.X, s.Y, s.Z));
        }
        while (queue.Count > 0)
        {
            (int x, int y, int z) = queue.Dequeue();
            foreach ((int i, int j, int k) in Neighbours(d, x, y, z, planar: false))
            {
                int m = (k * d.Y + j) * d.X + i;
                if (grown[m] != 0 || !Inside(i, j, k)) continue;
                grown[m] = 1;
                queue.Enqueue((i, j, k));
            }
        }
        return grown;
    }

    /// <summary>Lexicographic (distance, label) minimum over seeds by label-correcting relaxation until nothing changes.</summary>
    public static byte[] GrowCut(Volume<short> image, Volume<byte> seeds)
    {
        Int3 d = image.Dimensions;
        var best = new (long Distance, int Label)[d.Count];
        var queue = new Queue<int>();
        for (int n = 0; n < best.Length; n++)
        {
            best[n] = seeds.Data[n] == IComputeBackend.GrowCutNoSeed ? (long.MaxValue, int.MaxValue) : (0, seeds.Data[n]);
            if (best[n].Distance == 0) queue.Enqueue(n);
        }
        while (queue.Count > 0)
        {
            int n = queue.Dequeue();
            int x = n % d.X, y = n / d.X % d.Y, z = n / (d.X * d.Y);
            foreach ((int i, int j, int k) in Neighbours(d, x, y, z, planar: false))
            {
                int m = (k * d.Y + j) * d.X + i;
                (long, int) candidate = (best[n].Distance + 1 + Math.Min(Math.Abs(image.Data[m] - image.Data[n]), 254), best[n].Label);
                if (candidate.CompareTo(best[m]) >= 0) continue;
                best[m] = candidate;
                queue.Enqueue(m);
            }
        }
        return [.. best.Select(b => b.Distance == long.MaxValue ? (byte)0 : (byte)b.Label)];
    }
}
