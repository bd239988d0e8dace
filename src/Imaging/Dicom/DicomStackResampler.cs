using System.Numerics;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Resamples a stack of decoded slices whose positions are uneven or sheared (gantry tilt) onto a regular
/// grid along the slice normal: each output voxel takes the same patient point from the two nearest input
/// slices (bilinear in-plane, linear across slices). Points no input slice covers get the stack's lowest value.
/// </summary>
internal static class DicomStackResampler
{
    /// <summary>
    /// In-plane shifts below this many pixels count as none: positions are decimal strings that scanners often round
    /// to a micrometre or coarser, so an oblique stack that is straight shows tiny shifts that must not push edge
    /// voxels out of the field of view (a hundredth of a pixel changes an interpolated value by at most 1 %).
    /// </summary>
    private const double OnGridPixels = 0.01;

    /// <summary>Builds the volume on <paramref name="target"/> from <paramref name="raw"/> (one slice per file, in order) and each slice's offset in mm along (row, column, normal).</summary>
    public static Volume<T> Resample<T>(Volume<T> raw, IReadOnlyList<Vec3> offsetsMm, ImageGeometry target)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        int nx = raw.Dimensions.X, ny = raw.Dimensions.Y, sources = raw.Dimensions.Z;
        double dx = target.SpacingMm.X, dy = target.SpacingMm.Y, dz = target.SpacingMm.Z;
        T fill = T.MaxValue;
        foreach (T v in raw.Voxels) if (v < fill) fill = v;
        var output = Volume<T>.Uninitialized(target);
        Parallel.For(0, target.Dimensions.Z, k =>
        {
            double z = k * dz;
            int n = 0;
            while (n < sources - 2 && offsetsMm[n + 1].Z < z) n++;
            double span = offsetsMm[n + 1].Z - offsetsMm[n].Z;
            double w = Math.Clamp((z - offsetsMm[n].Z) / span, 0, 1);
            Span<T> slice = output.Slice(k);
            ReadOnlySpan<T> lower = raw.Slice(n), upper = raw.Slice(n + 1);
            double lowerU = offsetsMm[n].X / dx, lowerV = offsetsMm[n].Y / dy;
            double upperU = offsetsMm[n + 1].X / dx, upperV = offsetsMm[n + 1].Y / dy;
            bool shifted = Math.Abs(lowerU) > OnGridPixels || Math.Abs(lowerV) > OnGridPixels || Math.Abs(upperU) > OnGridPixels || Math.Abs(upperV) > OnGridPixels;
            for (int j = 0; j < ny; j++)
            {
                for (int i = 0; i < nx; i++)
                {
                    double a, b;
                    if (shifted)
                    {
                        a = Sample(lower, nx, ny, i - lowerU, j - lowerV, fill);
                        b = Sample(upper, nx, ny, i - upperU, j - upperV, fill);
                    }
                    else
                    {
                        a = double.CreateTruncating(lower[j * nx + i]);
                        b = double.CreateTruncating(upper[j * nx + i]);
                    }
                    double value = a + w * (b - a);
                    // Integer voxels round; float voxels (dose) keep the interpolated value.
                    slice[j * nx + i] = T.CreateSaturating(typeof(T) == typeof(float) ? value : Math.Round(value, MidpointRounding.AwayFromZero));
                }
            }
        });
        return output;
    }

    private static double Sample<T>(ReadOnlySpan<T> slice, int nx, int ny, double u, double v, T fill)
        where T : unmanaged, INumber<T>
    {
        if (u < -OnGridPixels || v < -OnGridPixels || u > nx - 1 + OnGridPixels || v > ny - 1 + OnGridPixels) return double.CreateTruncating(fill);
        int i0 = Math.Min((int)Math.Floor(u), nx - 2), j0 = Math.Min((int)Math.Floor(v), ny - 2);
        i0 = Math.Max(i0, 0);
        j0 = Math.Max(j0, 0);
        double fu = nx == 1 ? 0 : u - i0, fv = ny == 1 ? 0 : v - j0;
        int i1 = Math.Min(i0 + 1, nx - 1), j1 = Math.Min(j0 + 1, ny - 1);
        double p00 = double.CreateTruncating(slice[j0 * nx + i0]), p10 = double.CreateTruncating(slice[j0 * nx + i1]);
        double p01 = double.CreateTruncating(slice[j1 * nx + i0]), p11 = double.CreateTruncating(slice[j1 * nx + i1]);
        double top = p00 + fu * (p10 - p00);
        double bottom = p01 + fu * (p11 - p01);
        return top + fv * (bottom - top);
    }
}
