using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Editing;

/// <summary>
/// Multi-label "grow from seeds" (GrowCut as in 3D Slicer, in its fast shortest-path form): every voxel takes the
/// label of the seed it is nearest to in geodesic distance, where a 6-connected step costs 1 + |ΔI| (image units,
/// HU for CT, clamped to 254; paths longer than IComputeBackend.GrowCutMaxDistance are not followed). Ties go to the lower label value, so the result is the unique
/// min over seeds of (distance, label) and does not depend on the order seeds were given. Label 0 is background:
/// background seeds compete like any other. New seed strokes update the previous state incrementally: a
/// Dijkstra search starts from the new seeds only and stops where it no longer wins, so only the region the stroke
/// takes over is recomputed, and the result equals a full recompute with all seeds.
/// </summary>
public sealed class SeedGrowth
{
    private readonly short[] _image;
    private readonly int[] _distance;
    private readonly byte[] _labels;
    private readonly Int3 _d;

    /// <summary>Prepares growth over an image (any units; HU for CT, ideally lightly smoothed). Nothing is labelled until seeds are added.</summary>
    public SeedGrowth(Volume<short> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _image = image.Data;
        _d = image.Dimensions;
        _distance = new int[_image.Length];
        Array.Fill(_distance, int.MaxValue);
        Labels = new Volume<byte>(image.Geometry);
        _labels = Labels.Data;
    }

    /// <summary>Label per voxel (0 = background or not reached by any seed), on the image's grid.</summary>
    public Volume<byte> Labels { get; }

    /// <summary>True once every voxel has been reached by some seed.</summary>
    public bool Complete => !_distance.AsSpan().Contains(int.MaxValue);

    /// <summary>
    /// Adds one stroke of seeds (voxel indices) for <paramref name="label"/> (0 = background) and updates the labels
    /// where the stroke wins. Returns the number of voxels whose distance or label changed.
    /// </summary>
    public long AddSeeds(IReadOnlyList<Int3> voxels, byte label) => AddStrokes([(voxels, label)]);

    /// <summary>
    /// Adds several strokes (voxel indices and label, 0 = background) in one propagation: the way to compute from
    /// scratch, as fast as one stroke over the whole volume. Returns the number of voxels whose distance or label changed.
    /// </summary>
    public long AddStrokes(IEnumerable<(IReadOnlyList<Int3> Voxels, byte Label)> strokes)
    {
        ArgumentNullException.ThrowIfNull(strokes);
        var queue = new DialQueue(GeodesicGrowth.MaxStepCost);
        long changed = 0;
        foreach ((IReadOnlyList<Int3> voxels, byte label) in strokes)
        {
            if (voxels.Count == 0) throw new SegmentationException($"the stroke for label {label} holds no seed voxels; paint at least one voxel");
            foreach (Int3 v in voxels)
            {
                if ((uint)v.X >= (uint)_d.X || (uint)v.Y >= (uint)_d.Y || (uint)v.Z >= (uint)_d.Z)
                {
                    throw new SegmentationException($"seed voxel {v} for label {label} is outside the {_d.X}x{_d.Y}x{_d.Z} grid; paint inside the volume");
                }
                int n = (v.Z * _d.Y + v.Y) * _d.X + v.X;
                if (!Improves(0, label, n)) continue;
                _distance[n] = 0;
                _labels[n] = label;
                queue.Push(n, 0);
                changed++;
            }
        }
        return changed + Propagate(queue);
    }

    /// <summary>Adds seeds given in patient LPS mm; a point outside the grid throws naming it.</summary>
    public long AddSeedsMm(IReadOnlyList<Vec3> pointsMm, byte label)
    {
        var voxels = new List<Int3>(pointsMm.Count);
        foreach (Vec3 p in pointsMm)
        {
            voxels.Add(Labels.Geometry.NearestVoxel(p)
                ?? throw new SegmentationException($"seed {p} mm for label {label} is outside the volume; place it inside the image"));
        }
        return AddSeeds(voxels, label);
    }

    private bool Improves(int distance, byte label, int n) =>
        distance < _distance[n] || (distance == _distance[n] && label < _labels[n]);

    private long Propagate(DialQueue queue) => GeodesicGrowth.Propagate(_image, _distance, _labels, _d, queue);
}
