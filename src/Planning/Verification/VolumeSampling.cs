using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Verification;

/// <summary>Trilinear sampling at patient LPS points (mm) and resampling onto another grid; outside the grid gives the fill value.</summary>
internal static class VolumeSampling
{
    /// <summary>Trilinear value of <paramref name="v"/> at a patient LPS point in mm.</summary>
    public static double At(Volume<short> v, Vec3 pointMm, double fill) => At(v.Geometry, v.Data, pointMm, fill, static (d, n) => d[n]);

    /// <summary>Trilinear value of <paramref name="v"/> at a patient LPS point in mm.</summary>
    public static double At(Volume<float> v, Vec3 pointMm, double fill) => At(v.Geometry, v.Data, pointMm, fill, static (d, n) => d[n]);

    /// <summary>
    /// <paramref name="source"/> seen on <paramref name="target"/>'s grid: each target voxel centre is mapped by
    /// <paramref name="targetToSource"/> (patient mm to patient mm) and sampled trilinearly.
    /// </summary>
    public static Volume<short> Resample(Volume<short> source, Func<Vec3, Vec3> targetToSource, ImageGeometry target, short fill)
    {
        var result = Volume<short>.Uninitialized(target);
        Int3 n = target.Dimensions;
        Parallel.For(0, n.Z, k =>
        {
            for (int j = 0; j < n.Y; j++)
            for (int i = 0; i < n.X; i++)
            {
                double value = At(source, targetToSource(target.IndexToPatient(i, j, k)), fill);
                result[i, j, k] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
            }
        });
        return result;
    }

    private static double At<T>(ImageGeometry g, T[] data, Vec3 pointMm, double fill, Func<T[], long, double> read)
    {
        Vec3 x = g.PatientToIndex(pointMm);
        Int3 d = g.Dimensions;
        if (!(x.X >= 0 && x.Y >= 0 && x.Z >= 0 && x.X <= d.X - 1 && x.Y <= d.Y - 1 && x.Z <= d.Z - 1)) return fill;
        int i = Math.Min((int)x.X, d.X - 2 < 0 ? 0 : d.X - 2), j = Math.Min((int)x.Y, Math.Max(0, d.Y - 2)), k = Math.Min((int)x.Z, Math.Max(0, d.Z - 2));
        double fx = x.X - i, fy = x.Y - j, fz = x.Z - k;
        int i1 = Math.Min(i + 1, d.X - 1), j1 = Math.Min(j + 1, d.Y - 1), k1 = Math.Min(k + 1, d.Z - 1);
        double V(int a, int b, int c) => read(data, g.Linear(a, b, c));
        double c00 = V(i, j, k) * (1 - fx) + V(i1, j, k) * fx, c10 = V(i, j1, k) * (1 - fx) + V(i1, j1, k) * fx;
        double c01 = V(i, j, k1) * (1 - fx) + V(i1, j, k1) * fx, c11 = V(i, j1, k1) * (1 - fx) + V(i1, j1, k1) * fx;
        return ((c00 * (1 - fy) + c10 * fy) * (1 - fz)) + ((c01 * (1 - fy) + c11 * fy) * fz);
    }
}
