using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Rays;

/// <summary>
/// Walks a straight ray through a label map voxel by voxel (Amanatides and Woo's traversal, 1987) and reports the
/// segments it passes through in order, each with its entry and exit distance along the ray in mm. Exact on the
/// voxel grid: every voxel the ray touches is visited once, with no sampling step to miss a thin structure.
/// </summary>
public static class LabelRay
{
    /// <summary>
    /// The segments the ray from <paramref name="originMm"/> along <paramref name="direction"/> (patient LPS; any
    /// length, it is normalised) crosses inside the image, nearest first. Background (label 0) is left out; a label
    /// value the segment table does not name is reported as "label N".
    /// </summary>
    public static IReadOnlyList<SegmentCrossing> Cross(LabelMap map, Vec3 originMm, Vec3 direction)
    {
        double length = direction.Length;
        if (!(length > 1e-9) || !double.IsFinite(length))
            throw new ArgumentException($"the ray direction {direction} has no length; give a direction vector in patient LPS", nameof(direction));
        Vec3 unit = direction / length;
        ImageGeometry g = map.Geometry;
        // Index space shifted by half a voxel, so voxel i covers [i, i+1) on each axis; t is mm along the ray.
        Vec3 u0 = g.PatientToIndex(originMm) + new Vec3(0.5, 0.5, 0.5);
        Vec3 du = g.PatientToIndex(originMm + unit) + new Vec3(0.5, 0.5, 0.5) - u0;
        Int3 dims = g.Dimensions;
        if (!ClipToBox(u0, du, dims, out double t0, out double t1)) return [];

        Span<int> voxel = stackalloc int[3];
        Span<int> step = stackalloc int[3];
        Span<double> tMax = stackalloc double[3];
        Span<double> tDelta = stackalloc double[3];
        double tMid = t0 + Math.Min(1e-6, (t1 - t0) / 2);
        for (int a = 0; a < 3; a++)
        {
            int n = a == 0 ? dims.X : a == 1 ? dims.Y : dims.Z;
            voxel[a] = Math.Clamp((int)Math.Floor(u0[a] + du[a] * tMid), 0, n - 1);
            step[a] = du[a] > 0 ? 1 : du[a] < 0 ? -1 : 0;
            tDelta[a] = step[a] == 0 ? double.PositiveInfinity : 1 / Math.Abs(du[a]);
            tMax[a] = step[a] == 0 ? double.PositiveInfinity : ((step[a] > 0 ? voxel[a] + 1 : voxel[a]) - u0[a]) / du[a];
        }

        var crossings = new List<SegmentCrossing>();
        byte[] labels = map.Labels.Data;
        byte run = 0;
        double runStart = t0, t = t0;
        while (t < t1)
        {
            byte label = labels[g.Linear(voxel[0], voxel[1], voxel[2])];
            if (label != run)
            {
                if (run != 0) crossings.Add(new SegmentCrossing(Name(map, run), runStart, t));
                run = label;
                runStart = t;
            }
            int axis = tMax[0] <= tMax[1] ? (tMax[0] <= tMax[2] ? 0 : 2) : (tMax[1] <= tMax[2] ? 1 : 2);
            t = Math.Min(tMax[axis], t1);
            voxel[axis] += step[axis];
            tMax[axis] += tDelta[axis];
            int limit = axis == 0 ? dims.X : axis == 1 ? dims.Y : dims.Z;
            if (voxel[axis] < 0 || voxel[axis] >= limit) break;
        }
        if (run != 0) crossings.Add(new SegmentCrossing(Name(map, run), runStart, Math.Min(t, t1)));
        return crossings;
    }

    /// <summary>The part [t0, t1] (mm) of the ray u0 + t du inside the box [0, dims) of the shifted index space.</summary>
    private static bool ClipToBox(Vec3 u0, Vec3 du, Int3 dims, out double t0, out double t1)
    {
        t0 = 0;
        t1 = double.PositiveInfinity;
        for (int a = 0; a < 3; a++)
        {
            double hi = a == 0 ? dims.X : a == 1 ? dims.Y : dims.Z;
            if (Math.Abs(du[a]) < 1e-15)
            {
                if (u0[a] < 0 || u0[a] >= hi) return false;
                continue;
            }
            double ta = (0 - u0[a]) / du[a], tb = (hi - u0[a]) / du[a];
            t0 = Math.Max(t0, Math.Min(ta, tb));
            t1 = Math.Min(t1, Math.Max(ta, tb));
        }
        return t1 > t0;
    }

    private static string Name(LabelMap map, byte value) => map.Segments.ByValue(value)?.Name ?? $"label {value}";
}
