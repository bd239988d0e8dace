namespace SurgicalNav.Compute;

/// <summary>Turns canonical component labels (1 + linear index of each component's first voxel) into 1..N.</summary>
public static class ComponentLabels
{
    /// <summary>
    /// Relabels in place to 1..N in order of each component's first voxel and returns the voxel count per
    /// component (index 0 is component 1). Input must be the output of <see cref="IComputeBackend.LabelComponents"/>.
    /// </summary>
    public static long[] Compact(Span<int> labels)
    {
        var sizes = new List<long>();
        for (int n = 0; n < labels.Length; n++)
        {
            int label = labels[n];
            if (label == 0) continue;
            if (label == n + 1)
            {
                sizes.Add(1);
                labels[n] = sizes.Count;
                continue;
            }
            if ((uint)(label - 1) >= (uint)n)
            {
                throw new ArgumentException($"voxel {n} carries label {label}, which is not 1 + the index of an earlier voxel; pass labels from LabelComponents", nameof(labels));
            }
            // The first voxel was visited earlier and already holds its compact id.
            int id = labels[label - 1];
            labels[n] = id;
            sizes[id - 1]++;
        }
        return [.. sizes];
    }
}
