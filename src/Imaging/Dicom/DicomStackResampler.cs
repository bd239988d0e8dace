namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Resamples a stack of decoded slices whose positions are uneven or sheared (gantry tilt) onto a regular
/// grid along the slice normal: each output voxel takes the same patient point from the two nearest input
/// slices (bilinear in-plane, linear across slices). Points no input slice covers get the stack's lowest value.
/// </summary>
internal static class DicomStackResampler
{
    /// <summary>Builds the volume on <paramref name="target"/> from <paramref name="raw"/> (one slice per file, in order) and each slice's offset in mm along (row, column, normal).</summary>
    public static Volume<short> Resample(Volume<short> raw, IReadOnlyList<Vec3> offsetsMm, ImageGeometry target)
    {
        int nx = raw.Dimensions.X, ny = raw.Dimensions.Y, sources = raw.Dimensions.Z;
        double dx = target.SpacingMm.X, dy = target.SpacingMm.Y, dz = target.SpacingMm.Z;
        short fill = short.MaxValue;
        foreach (short v in raw.Voxels) if (v < fill) fill = v;
        var output = Volume<short>.Uninitialized(target);
        Parallel.For(0, target.Dimensions.Z, k =>
        {
            double z = k * dz;
            int n = 0;
            while (n < sources - 2 && offsetsMm[n + 1].Z < z) n++;
            double span = offsetsMm[n + 1].Z - offsetsMm[n].Z;
            double w = Math.Clamp((z - offsetsMm[n].Z) / span, 0, 1);
            Span<short> slice = output.Slice(k);
            ReadOnlySpan<short> lower = raw.Slice(n), upper = raw.Slice(n + 1);
            double lowerU = offsetsMm[n].X / dx, lowerV = offsetsMm[n].Y / dy;
            double upperU = offsetsMm[n + 1].X / dx, upperV = offsetsMm[n + 1].Y / dy;
            bool shifted = Math.Abs(lowerU) > 1e-6 || Math.Abs(lowerV) > 1e-6 || Math.Abs(upperU) > 1e-6 || Math.Abs(upperV) > 1e-6;
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
                        a = lower[j * nx + i];
                        b = upper[j * nx + i];
                    }
                    slice[j * nx + i] = (short)Math.Round(a + w * (b - a), MidpointRounding.AwayFromZero);
                }
            }
        });
        return output;
    }

    private static double Sample(ReadOnlySpan<short> slice, int nx, int ny, double u, double v, short fill)
    {
        if (u < -1e-9 || v < -1e-9 || u > nx - 1 + 1e-9 || v > ny - 1 + 1e-9) return fill;
        int i0 = Math.Min((int)Math.Floor(u), nx - 2), j0 = Math.Min((int)Math.Floor(v), ny - 2);
        i0 = Math.Max(i0, 0);
        j0 = Math.Max(j0, 0);
        double fu = nx == 1 ? 0 : u - i0, fv = ny == 1 ? 0 : v - j0;
        int i1 = Math.Min(i0 + 1, nx - 1), j1 = Math.Min(j0 + 1, ny - 1);
        double top = slice[j0 * nx + i0] + fu * (slice[j0 * nx + i1] - slice[j0 * nx + i0]);
        double bottom = slice[j1 * nx + i0] + fu * (slice[j1 * nx + i1] - slice[j1 * nx + i0]);
        return top + fv * (bottom - top);
    }
}
