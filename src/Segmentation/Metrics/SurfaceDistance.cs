using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Metrics;

/// <summary>
/// Symmetric mean surface distance in mm between a segment and its reference: the mean, over the boundary voxels
/// of both, of the distance from each boundary voxel centre to the nearest boundary voxel centre of the other,
/// through the exact anisotropic EDT. A boundary voxel is a set voxel with a clear 6-neighbour inside the grid.
/// </summary>
public static class SurfaceDistance
{
    /// <summary>Mean surface distance in mm; 0 when both are empty, +infinity when only one is. Both volumes must share a grid.</summary>
    public static double MeanMm(Volume<byte> result, byte resultValue, Volume<byte> reference, byte referenceValue)
    {
        if (!result.Geometry.SameGrid(reference.Geometry)) throw new ArgumentException("result and reference are on different grids; resample one first");
        // Every boundary voxel of either lies in the bounding box of both, so the EDT runs on that box only.
        (Int3 lo, Int3 hi, bool anyA, bool anyB) = Box(result.Data, resultValue, reference.Data, referenceValue, result.Dimensions);
        if (!anyA && !anyB) return 0;
        if (!anyA || !anyB) return double.PositiveInfinity;
        var box = ImageGeometry.Axial(new Int3(hi.X - lo.X + 1, hi.Y - lo.Y + 1, hi.Z - lo.Z + 1), result.Geometry.SpacingMm, default);
        Volume<byte> edgeA = Boundary(result, resultValue, lo, box), edgeB = Boundary(reference, referenceValue, lo, box);
        (double sumAB, long nA) = SumOver(edgeA, DistanceTransform.Unsigned(edgeB));
        (double sumBA, long nB) = SumOver(edgeB, DistanceTransform.Unsigned(edgeA));
        return (sumAB + sumBA) / (nA + nB);
    }

    /// <summary>Mean surface distance in mm per segment name present and non-empty in both label maps, rounded to 0.001 mm.</summary>
    public static IReadOnlyDictionary<string, double> MeanPerSegment(LabelMap result, LabelMap reference)
    {
        var distances = new Dictionary<string, double>();
        long[] ha = result.Histogram(), hb = reference.Histogram();
        foreach (SegmentInfo s in result.Segments.Segments)
        {
            SegmentInfo? r = reference.Segments.Find(s.Name);
            if (r is null || ha[s.Value] == 0 || hb[r.Value] == 0) continue;
            distances[s.Name] = Math.Round(MeanMm(result.Labels, s.Value, reference.Labels, r.Value), 3);
        }
        return distances;
    }

    private static (Int3 Lo, Int3 Hi, bool AnyA, bool AnyB) Box(byte[] a, byte va, byte[] b, byte vb, Int3 d)
    {
        int x0 = d.X, y0 = d.Y, z0 = d.Z, x1 = -1, y1 = -1, z1 = -1;
        bool anyA = false, anyB = false;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        {
            int row = (k * d.Y + j) * d.X;
            ReadOnlySpan<byte> ra = a.AsSpan(row, d.X), rb = b.AsSpan(row, d.X);
            int fa = ra.IndexOf(va), fb = rb.IndexOf(vb);
            if (fa < 0 && fb < 0) continue;
            anyA |= fa >= 0; anyB |= fb >= 0;
            int first = fa < 0 ? fb : fb < 0 ? fa : Math.Min(fa, fb);
            int last = Math.Max(ra.LastIndexOf(va), rb.LastIndexOf(vb));
            x0 = Math.Min(x0, first); x1 = Math.Max(x1, last);
            y0 = Math.Min(y0, j); y1 = Math.Max(y1, j);
            z0 = Math.Min(z0, k); z1 = Math.Max(z1, k);
        }
        return (new Int3(x0, y0, z0), new Int3(x1, y1, z1), anyA, anyB);
    }

    private static Volume<byte> Boundary(Volume<byte> labels, byte value, Int3 lo, ImageGeometry box)
    {
        Int3 d = labels.Dimensions, c = box.Dimensions;
        byte[] l = labels.Data;
        var edge = new Volume<byte>(box);
        byte[] e = edge.Data;
        int nx = d.X, slice = d.X * d.Y;
        Parallel.For(0, c.Z, kc =>
        {
            int k = kc + lo.Z;
            for (int jc = 0; jc < c.Y; jc++)
            {
                int j = jc + lo.Y;
                for (int ic = 0; ic < c.X; ic++)
                {
                    int i = ic + lo.X, n = k * slice + j * nx + i;
                    if (l[n] != value) continue;
                    bool clearNeighbour = (i > 0 && l[n - 1] != value) || (i < d.X - 1 && l[n + 1] != value)
                        || (j > 0 && l[n - nx] != value) || (j < d.Y - 1 && l[n + nx] != value)
                        || (k > 0 && l[n - slice] != value) || (k < d.Z - 1 && l[n + slice] != value);
                    if (clearNeighbour) e[(kc * c.Y + jc) * c.X + ic] = 1;
                }
            }
        });
        return edge;
    }

    private static (double Sum, long Count) SumOver(Volume<byte> mask, Volume<float> distance)
    {
        byte[] m = mask.Data;
        float[] f = distance.Data;
        double sum = 0;
        long count = 0;
        for (int n = 0; n < m.Length; n++)
        {
            if (m[n] == 0) continue;
            sum += f[n];
            count++;
        }
        return (sum, count);
    }
}
