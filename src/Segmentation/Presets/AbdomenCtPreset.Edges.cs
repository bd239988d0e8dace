using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Presets;

public static partial class AbdomenCtPreset
{
    /// <summary>
    /// Below this (smoothed HU) a voxel in the neighbourhood counts as non-bone, so the bone voxel lies on an edge. It is
    /// the bone threshold itself, so contrast-filled vessels (up to 219 HU) count too: the aorta runs against the vertebrae,
    /// and with 150 the blurred cortex kept a layer of aorta as bone.
    /// </summary>
    private const short SoftTissueMaxHu = BoneMinHu;

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
        Int3 d = smooth.Dimensions;
        (int hx, int hy, int hz) = BoxHalfWidths(smooth.Geometry, radiusMm);
        short[] v = smooth.Data;
        byte[] b = bone.Data;
        int nx = d.X, slice = d.X * d.Y;
        // Voxels to drop are collected per slice and cleared after the scan, which must see the unchanged mask; a
        // volume-sized scratch array cost more memory than the few edge voxels need.
        var drop = new List<int>[d.Z];
        Parallel.For(0, d.Z, k =>
        {
            List<int> found = drop[k] = [];
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                int n = k * slice + j * nx + i;
                if (b[n] == 0) continue;
                (short lo, short hi) = LocalRange(v, d, i, j, k, hx, hy, hz);
                if (lo >= SoftTissueMaxHu) continue;
                int midpoint = (hi + Math.Max(lo, SoftTissueFloorHu)) / 2;
                if (v[n] < midpoint) found.Add(n);
            }
        });
        foreach (List<int> found in drop) foreach (int n in found) b[n] = 0;
    }

    /// <summary>Smallest and largest value in the box of half-widths (hx, hy, hz) voxels around (i, j, k), clipped to the grid.</summary>
    private static (short Lo, short Hi) LocalRange(short[] v, Int3 d, int i, int j, int k, int hx, int hy, int hz)
    {
        short lo = short.MaxValue, hi = short.MinValue;
        int slice = d.X * d.Y, i0 = Math.Max(0, i - hx), width = Math.Min(d.X - 1, i + hx) - i0 + 1;
        for (int kk = Math.Max(0, k - hz); kk <= Math.Min(d.Z - 1, k + hz); kk++)
        for (int jj = Math.Max(0, j - hy); jj <= Math.Min(d.Y - 1, j + hy); jj++)
        {
            foreach (short x in v.AsSpan(kk * slice + jj * d.X + i0, width))
            {
                if (x < lo) lo = x;
                if (x > hi) hi = x;
            }
        }
        return (lo, hi);
    }

    /// <summary>
    /// Widens vessels to the local midpoint. The vessel threshold is the contrast/liver midpoint, which is right inside the
    /// liver but cuts into vessels that run through fat or muscle, where the true edge lies far lower; at coarse voxels
    /// that loses a whole partial-volume layer. Each clear voxel in the body, 6-adjacent to a vessel and outside the bone rim, joins
    /// when it is at least halfway between the brightest and darkest smoothed values within radiusMm. Two layers at most.
    /// </summary>
    private static void ExtendVesselEdgesToLocalMidpoint(Volume<short> smooth, Volume<byte> vessels, Volume<byte> body, Volume<byte> forbidden, double radiusMm)
    {
        Int3 d = smooth.Dimensions;
        (int hx, int hy, int hz) = BoxHalfWidths(smooth.Geometry, radiusMm);
        short[] v = smooth.Data;
        byte[] m = vessels.Data, f = forbidden.Data, inside = body.Data;
        int nx = d.X, slice = d.X * d.Y;
        // Voxels to add are collected per slice: a volume-sized scratch array per layer cost more (page faults) than the scan.
        var add = new List<int>[d.Z];
        for (int layer = 0; layer < 2; layer++)
        {
            Parallel.For(0, d.Z, k =>
            {
                List<int> found = add[k] ??= [];
                found.Clear();
                for (int j = 0; j < d.Y; j++)
                for (int i = 0; i < d.X; i++)
                {
                    int n = k * slice + j * nx + i;
                    if (m[n] != 0 || f[n] != 0 || inside[n] == 0 || v[n] > VesselMaxHu) continue;
                    bool touches = (i > 0 && m[n - 1] != 0) || (i < d.X - 1 && m[n + 1] != 0) || (j > 0 && m[n - nx] != 0)
                        || (j < d.Y - 1 && m[n + nx] != 0) || (k > 0 && m[n - slice] != 0) || (k < d.Z - 1 && m[n + slice] != 0);
                    if (!touches) continue;
                    (short lo, short hi) = LocalRange(v, d, i, j, k, hx, hy, hz);
                    if (v[n] >= (Math.Min(hi, VesselMaxHu) + Math.Max(lo, SoftTissueFloorHu)) / 2) found.Add(n);
                }
            });
            foreach (List<int> found in add) foreach (int n in found) m[n] = 1;
        }
    }

    /// <summary>
    /// Widens the liver to the midpoint between its own mean and the darkest tissue nearby. Confidence-connected growing
    /// stops at mean - k·σ, which on an image smoothed against noise lies about one blur width inside the true edge (the
    /// edge of a blurred step sits at the midpoint of the two plateaus). Each allowed clear voxel 6-adjacent to the liver
    /// joins when its smoothed value is at least halfway between <paramref name="liverMeanHu"/> and the darkest smoothed
    /// value within radiusMm (floored at fat) and not above <paramref name="highHu"/>; up to <paramref name="layers"/> layers.
    /// </summary>
    private static void ExtendLiverToLocalMidpoint(Volume<short> smooth, Volume<byte> liver, Volume<byte> allowed, double liverMeanHu, double highHu, double radiusMm, int layers)
    {
        Int3 d = smooth.Dimensions;
        ImageGeometry g = smooth.Geometry;
        (int hx, int hy, int hz) = BoxHalfWidths(g, radiusMm);
        short[] v = smooth.Data;
        byte[] m = liver.Data, a = allowed.Data;
        int nx = d.X, slice = d.X * d.Y;
        // Only the liver's box, widened by the layers it may grow, can change.
        (Int3 lo, Int3 hi) = Extent(liver, marginMm: (layers + 1) * Math.Max(g.SpacingMm.X, Math.Max(g.SpacingMm.Y, g.SpacingMm.Z)));
        var add = new List<int>[hi.Z - lo.Z + 1];
        for (int layer = 0; layer < layers; layer++)
        {
            long added = 0;
            Parallel.For(lo.Z, hi.Z + 1, k =>
            {
                List<int> found = add[k - lo.Z] ??= [];
                found.Clear();
                for (int j = lo.Y; j <= hi.Y; j++)
                for (int i = lo.X; i <= hi.X; i++)
                {
                    int n = k * slice + j * nx + i;
                    if (m[n] != 0 || a[n] == 0 || v[n] > highHu) continue;
                    bool touches = (i > 0 && m[n - 1] != 0) || (i < d.X - 1 && m[n + 1] != 0) || (j > 0 && m[n - nx] != 0)
                        || (j < d.Y - 1 && m[n + nx] != 0) || (k > 0 && m[n - slice] != 0) || (k < d.Z - 1 && m[n + slice] != 0);
                    if (!touches) continue;
                    (short low, _) = LocalRange(v, d, i, j, k, hx, hy, hz);
                    if (v[n] >= (liverMeanHu + Math.Max(low, SoftTissueFloorHu)) / 2) found.Add(n);
                }
                Interlocked.Add(ref added, found.Count);
            });
            if (added == 0) break;
            foreach (List<int> found in add) foreach (int n in found) m[n] = 1;
        }
    }

    /// <summary>Half-widths in voxels, at least 1, of a box reaching radiusMm along each axis.</summary>
    private static (int X, int Y, int Z) BoxHalfWidths(ImageGeometry g, double radiusMm) =>
        (Math.Max(1, (int)Math.Round(radiusMm / g.SpacingMm.X)), Math.Max(1, (int)Math.Round(radiusMm / g.SpacingMm.Y)),
         Math.Max(1, (int)Math.Round(radiusMm / g.SpacingMm.Z)));
}
