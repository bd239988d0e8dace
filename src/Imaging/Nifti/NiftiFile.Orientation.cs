namespace SurgicalNav.Imaging.Nifti;

public static partial class NiftiFile
{
    /// <summary>A NIfTI qform: unit quaternion (b, c, d; a is implied), qfac (±1, the sign of the k axis) and the RAS offset in mm.</summary>
    private readonly record struct QForm(double B, double C, double D, double Qfac, Vec3 OffsetRas);

    /// <summary>RAS to LPS and back: x and y change sign.</summary>
    private static Vec3 FlipXy(Vec3 v) => new(-v.X, -v.Y, v.Z);

    private static (ImageGeometry Geometry, string Source) ParseGeometry(HeaderReader r, Int3 dims, string path)
    {
        double unit = (r.Byte(123) & 7) switch
        {
            1 => 1000.0, // metres
            3 => 0.001, // micrometres
            _ => 1.0, // mm, or unknown (mm is the NIfTI convention)
        };
        short qformCode = r.Int16(252), sformCode = r.Int16(254);
        Vec3 spacing, origin;
        Vec3[] axes = new Vec3[3];
        string source;
        if (sformCode > 0)
        {
            var columns = new Vec3[3];
            for (int c = 0; c < 3; c++) columns[c] = FlipXy(new Vec3(r.Float(280 + 4 * c), r.Float(296 + 4 * c), r.Float(312 + 4 * c)) * unit);
            spacing = new Vec3(columns[0].Length, columns[1].Length, columns[2].Length);
            CheckSpacing(spacing, path, "the sform (srow_x/y/z)");
            for (int c = 0; c < 3; c++) axes[c] = columns[c] * (1.0 / spacing[c]);
            origin = FlipXy(new Vec3(r.Float(292), r.Float(308), r.Float(324)) * unit);
            source = $"sform (code {sformCode})";
        }
        else if (qformCode > 0)
        {
            double b = r.Float(256), c = r.Float(260), d = r.Float(264);
            double aa = 1.0 - (b * b + c * c + d * d), a;
            if (aa < 1e-7)
            {
                // As nifti1_io does: a 180-degree rotation, with (b, c, d) renormalised.
                double norm = Math.Sqrt(b * b + c * c + d * d);
                if (norm == 0 || !double.IsFinite(norm)) throw new NiftiFormatException($"'{path}': the qform quaternion ({b}, {c}, {d}) is not a rotation; the header is damaged");
                (a, b, c, d) = (0, b / norm, c / norm, d / norm);
            }
            else
            {
                a = Math.Sqrt(aa);
            }
            double qfac = r.Float(76) < 0 ? -1 : 1;
            axes[0] = FlipXy(new Vec3(a * a + b * b - c * c - d * d, 2 * (b * c + a * d), 2 * (b * d - a * c)));
            axes[1] = FlipXy(new Vec3(2 * (b * c - a * d), a * a + c * c - b * b - d * d, 2 * (c * d + a * b)));
            axes[2] = FlipXy(new Vec3(2 * (b * d + a * c), 2 * (c * d - a * b), a * a + d * d - c * c - b * b) * qfac);
            spacing = new Vec3(Math.Abs(r.Float(80)), Math.Abs(r.Float(84)), Math.Abs(r.Float(88))) * unit;
            CheckSpacing(spacing, path, "pixdim[1..3]");
            origin = FlipXy(new Vec3(r.Float(268), r.Float(272), r.Float(276)) * unit);
            source = $"qform (code {qformCode})";
        }
        else
        {
            spacing = new Vec3(Math.Abs(r.Float(80)), Math.Abs(r.Float(84)), Math.Abs(r.Float(88))) * unit;
            CheckSpacing(spacing, path, "pixdim[1..3]");
            axes = [new Vec3(-1, 0, 0), new Vec3(0, -1, 0), new Vec3(0, 0, 1)];
            origin = Vec3.Zero;
            source = "pixdim only (no qform or sform: RAS axes and a zero origin assumed)";
        }
        var direction = Matrix3.FromColumns(axes[0], axes[1], axes[2]);
        if (Math.Abs(direction.Determinant) < 1e-6)
        {
            throw new NiftiFormatException($"'{path}': the {source} axes are not independent (a degenerate affine); the header is damaged, re-export the file");
        }
        return (new ImageGeometry(dims, spacing, origin, direction), source);
    }

    private static void CheckSpacing(Vec3 spacing, string path, string field)
    {
        for (int c = 0; c < 3; c++)
        {
            if (!(spacing[c] > 0) || !double.IsFinite(spacing[c]))
            {
                throw new NiftiFormatException($"'{path}': voxel spacing along axis {c} from {field} is {spacing[c]} mm; it must be a positive number. The header is damaged");
            }
        }
    }

    /// <summary>The sform rows in RAS mm: [direction * spacing | origin], with x and y negated from LPS.</summary>
    private static double[,] SformRas(ImageGeometry g)
    {
        var s = new double[3, 4];
        for (int c = 0; c < 3; c++)
        {
            Vec3 column = FlipXy(g.Direction.Column(c) * g.SpacingMm[c]);
            s[0, c] = column.X;
            s[1, c] = column.Y;
            s[2, c] = column.Z;
        }
        Vec3 o = FlipXy(g.OriginMm);
        (s[0, 3], s[1, 3], s[2, 3]) = (o.X, o.Y, o.Z);
        return s;
    }

    /// <summary>The qform of a geometry: the nearest rotation to its RAS axes (exact for orthonormal directions), as nifti1_io's mat44_to_quatern does.</summary>
    private static QForm ToQForm(ImageGeometry g)
    {
        // Gram-Schmidt, so a sheared direction still gives a rotation; the sform keeps the exact axes.
        Vec3 x = FlipXy(g.Direction.Column(0)).Normalized();
        Vec3 y = FlipXy(g.Direction.Column(1));
        y = (y - x * Vec3.Dot(x, y)).Normalized();
        Vec3 z = FlipXy(g.Direction.Column(2));
        double qfac = Vec3.Dot(Vec3.Cross(x, y), z) < 0 ? -1 : 1;
        z = Vec3.Cross(x, y); // a proper rotation; qfac carries a flipped k axis
        double r11 = x.X, r21 = x.Y, r31 = x.Z, r12 = y.X, r22 = y.Y, r32 = y.Z, r13 = z.X, r23 = z.Y, r33 = z.Z;
        double a = r11 + r22 + r33 + 1, b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        }
        else
        {
            double xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
            if (xd > 1)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r12 + r21) / b;
                d = 0.25 * (r13 + r31) / b;
                a = 0.25 * (r32 - r23) / b;
            }
            else if (yd > 1)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r12 + r21) / c;
                d = 0.25 * (r23 + r32) / c;
                a = 0.25 * (r13 - r31) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r13 + r31) / d;
                c = 0.25 * (r23 + r32) / d;
                a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) (b, c, d) = (-b, -c, -d);
        }
        return new QForm(b, c, d, qfac, FlipXy(g.OriginMm));
    }
}
