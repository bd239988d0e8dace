namespace SurgicalNav.Imaging;

/// <summary>
/// A 3x3 matrix in double precision, stored row-major. As an image direction matrix its columns are the
/// unit directions of the i, j and k axes in patient LPS.
/// </summary>
public readonly record struct Matrix3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>The identity: i along L, j along P, k along S.</summary>
    public static Matrix3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Builds a matrix from its three columns.</summary>
    public static Matrix3 FromColumns(Vec3 c0, Vec3 c1, Vec3 c2) =>
        new(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);

    /// <summary>Builds a matrix from 9 numbers in row-major order.</summary>
    public static Matrix3 FromRowMajor(ReadOnlySpan<double> m)
    {
        if (m.Length != 9) throw new ArgumentException($"a 3x3 matrix needs 9 numbers, got {m.Length}", nameof(m));
        return new(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
    }

    /// <summary>Column 0, 1 or 2.</summary>
    public Vec3 Column(int c) => c switch
    {
        0 => new Vec3(M00, M10, M20),
        1 => new Vec3(M01, M11, M21),
        2 => new Vec3(M02, M12, M22),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "column must be 0, 1 or 2"),
    };

    /// <summary>Matrix times column vector.</summary>
    public static Vec3 operator *(Matrix3 m, Vec3 v) => new(
        m.M00 * v.X + m.M01 * v.Y + m.M02 * v.Z,
        m.M10 * v.X + m.M11 * v.Y + m.M12 * v.Z,
        m.M20 * v.X + m.M21 * v.Y + m.M22 * v.Z);

    /// <summary>Transpose; for an orthonormal direction matrix this is its inverse.</summary>
    public Matrix3 Transposed() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    /// <summary>Determinant.</summary>
    public double Determinant =>
        M00 * (M11 * M22 - M12 * M21) - M01 * (M10 * M22 - M12 * M20) + M02 * (M10 * M21 - M11 * M20);

    /// <summary>General inverse; throws when the matrix is singular.</summary>
    public Matrix3 Inverse()
    {
        double det = Determinant;
        if (Math.Abs(det) < 1e-12) throw new InvalidOperationException("direction matrix is singular; its axes are not independent");
        double inv = 1.0 / det;
        return new(
            (M11 * M22 - M12 * M21) * inv, (M02 * M21 - M01 * M22) * inv, (M01 * M12 - M02 * M11) * inv,
            (M12 * M20 - M10 * M22) * inv, (M00 * M22 - M02 * M20) * inv, (M02 * M10 - M00 * M12) * inv,
            (M10 * M21 - M11 * M20) * inv, (M01 * M20 - M00 * M21) * inv, (M00 * M11 - M01 * M10) * inv);
    }

    /// <summary>The 9 numbers in row-major order, for JSON.</summary>
    public double[] ToRowMajor() => [M00, M01, M02, M10, M11, M12, M20, M21, M22];
}
