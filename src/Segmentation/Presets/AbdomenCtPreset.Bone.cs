using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Presets;

public static partial class AbdomenCtPreset
{
    /// <summary>Below this (smoothed HU) a voxel in the neighbourhood counts as soft tissue, so the bone voxel lies on an edge.</summary>
    private const short SoftTissueMaxHu = 150;

    /// <summary>Fat: the darkest tissue next to bone that the edge midpoint uses; air in the lung bases would drag it down.</summary>
    private const short SoftTissueFloorHu = -100;

    /// <summary>
    /// Moves bone edges to the local midpoint. The global threshold (the cancellous-bone/muscle midpoint) sits far below
    /// the midpoint of cortex (about 850 HU) or ribs (about 600 HU) against muscle or fat, so on a smoothed image it put the
    /// edge of dense bone outside the true edge. Each thresholded voxel that has soft tissue within radiusMm is kept only
    /// when it is at least halfway between the brightest and darkest smoothed values around it. Interior voxels (no soft
    /// tissue near) are kept as they are, so marrow next to cortex is not affected.
    /// </summary>
    private static void SnapBoneEdgesToLocalMidpoint(Volume<short> smooth, Volume<byte> bone, double radiusMm)
    {
        ImageGeometry g = smooth.Geometry;
        Int3 d = g.Dimensions;
        int hx = Math.Max(1, (int)Math.Round(radiusMm / g.SpacingMm.X));
        int hy = Math.Max(1, (int)Math.Round(radiusMm / g.SpacingMm.Y));
        int hz = Math.Max(1, (int)Math.Round(radiusMm / g.SpacingMm.Z));
        short[] v = smooth.Data;
        byte[] b = bone.Data;
        var drop = new byte[b.Length];
        int nx = d.X, slice = d.X * d.Y;
        Parallel.For(0, d.Z, k =>
        {
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                int n = k * slice + j * nx + i;
                if (b[n] == 0) continue;
                short lo = short.MaxValue, hi = short.MinValue;
                for (int kk = Math.Max(0, k - hz); kk <= Math.Min(d.Z - 1, k + hz); kk++)
                for (int jj = Math.Max(0, j - hy); jj <= Math.Min(d.Y - 1, j + hy); jj++)
                {
                    ReadOnlySpan<short> row = v.AsSpan(kk * slice + jj * nx + Math.Max(0, i - hx), Math.Min(d.X - 1, i + hx) - Math.Max(0, i - hx) + 1);
                    foreach (short x in row)
                    {
                        if (x < lo) lo = x;
                        if (x > hi) hi = x;
                    }
                }
                if (lo >= SoftTissueMaxHu) continue;
                int midpoint = (hi + Math.Max(lo, SoftTissueFloorHu)) / 2;
                if (v[n] < midpoint) drop[n] = 1;
            }
        });
        for (int n = 0; n < b.Length; n++) if (drop[n] != 0) b[n] = 0;
    }
}
