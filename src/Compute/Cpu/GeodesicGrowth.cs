using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// The shortest-path core of GrowCut on the host: Dijkstra over the 6-connected grid with step cost 1 + min(|ΔI|, 254)
/// (voxel units, HU) and ties to the lower label, starting from whatever the queue holds. Shared by the CPU backend's
/// full GrowCut and by incremental seed growth, which seeds the queue with one new stroke only.
/// </summary>
public static class GeodesicGrowth
{
    /// <summary>Largest step cost: 1 + 254.</summary>
    public const int MaxStepCost = 255;

    /// <summary>
    /// Relaxes from every queued voxel until the queue is empty, lowering (distance, label) lexicographically;
    /// distances above <see cref="IComputeBackend.GrowCutMaxDistance"/> are not represented. <paramref name="distance"/>
    /// and <paramref name="labels"/> hold the current state (int.MaxValue = not reached). Returns how many voxels changed.
    /// </summary>
    public static long Propagate(ReadOnlySpan<short> image, Span<int> distance, Span<byte> labels, Int3 dims, DialQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        int nx = dims.X, ny = dims.Y, nz = dims.Z, slice = nx * ny;
        long changed = 0;
        while (queue.TryPop(out int n, out int dist))
        {
            if (dist != distance[n]) continue;
            byte label = labels[n];
            short value = image[n];
            int i = n % nx, j = n / nx % ny, k = n / slice;
            if (i > 0) changed += Relax(image, distance, labels, queue, n - 1, dist, value, label);
            if (i < nx - 1) changed += Relax(image, distance, labels, queue, n + 1, dist, value, label);
            if (j > 0) changed += Relax(image, distance, labels, queue, n - nx, dist, value, label);
            if (j < ny - 1) changed += Relax(image, distance, labels, queue, n + nx, dist, value, label);
            if (k > 0) changed += Relax(image, distance, labels, queue, n - slice, dist, value, label);
            if (k < nz - 1) changed += Relax(image, distance, labels, queue, n + slice, dist, value, label);
        }
        return changed;
    }

    private static int Relax(ReadOnlySpan<short> image, Span<int> distance, Span<byte> labels, DialQueue queue, int m, int dist, short value, byte label)
    {
        int nd = dist + 1 + Math.Min(Math.Abs(image[m] - value), MaxStepCost - 1);
        if (nd > IComputeBackend.GrowCutMaxDistance || nd > distance[m] || (nd == distance[m] && label >= labels[m])) return 0;
        distance[m] = nd;
        labels[m] = label;
        queue.Push(m, nd);
        return 1;
    }
}
