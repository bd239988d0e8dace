using SurgicalNav.Imaging;

namespace SurgicalNav.Registration;

/// <summary>Rotation helpers: axis-angle, quaternions and the rotation angle of a 3x3 rotation matrix.</summary>
public static class RotationMath
{
    /// <summary>Rotation matrix about a (not necessarily unit) axis by an angle in radians, right-handed (Rodrigues).</summary>
    public static Matrix3 AxisAngle(Vec3 axis, double angleRad)
    {
        double length = axis.Length;
        if (length == 0 || angleRad == 0) return Matrix3.Identity;
        Vec3 u = axis / length;
        double c = Math.Cos(angleRad), s = Math.Sin(angleRad), t = 1 - c;
        return new Matrix3(
            t * u.X * u.X + c, t * u.X * u.Y - s * u.Z, t * u.X * u.Z + s * u.Y,
            t * u.X * u.Y + s * u.Z, t * u.Y * u.Y + c, t * u.Y * u.Z - s * u.X,
            t * u.X * u.Z - s * u.Y, t * u.Y * u.Z + s * u.X, t * u.Z * u.Z + c);
    }

    /// <summary>Rotation matrix of the rotation vector ω (axis times angle in radians).</summary>
    public static Matrix3 FromRotationVector(Vec3 omega) => AxisAngle(omega, omega.Length);

    /// <summary>The rotation vector (unit axis times angle in radians, angle 0 to π) of a rotation matrix.</summary>
    public static Vec3 ToRotationVector(Matrix3 r)
    {
        double angle = AngleRad(r);
        if (angle < 1e-12) return Vec3.Zero;
        var v = new Vec3(r.M21 - r.M12, r.M02 - r.M20, r.M10 - r.M01);
        if (Math.PI - angle > 1e-6) return v * (angle / (2 * Math.Sin(angle)));
        // Near 180° the antisymmetric part vanishes; take the axis from the diagonal instead.
        double xx = Math.Sqrt(Math.Max(0, (r.M00 + 1) / 2)), yy = Math.Sqrt(Math.Max(0, (r.M11 + 1) / 2)), zz = Math.Sqrt(Math.Max(0, (r.M22 + 1) / 2));
        Vec3 axis = xx >= yy && xx >= zz ? new Vec3(xx, r.M01 / (2 * xx), r.M02 / (2 * xx))
            : yy >= zz ? new Vec3(r.M01 / (2 * yy), yy, r.M12 / (2 * yy))
            : new Vec3(r.M02 / (2 * zz), r.M12 / (2 * zz), zz);
        return axis.Normalized() * angle;
    }

    /// <summary>Rotation angle in radians (0 to π) of a rotation matrix.</summary>
    public static double AngleRad(Matrix3 r) => Math.Acos(Math.Clamp((r.M00 + r.M11 + r.M22 - 1) / 2, -1, 1));

    /// <summary>3x3 matrix product a·b (apply b first, then a).</summary>
    public static Matrix3 Multiply(Matrix3 a, Matrix3 b) => Matrix3.FromColumns(a * b.Column(0), a * b.Column(1), a * b.Column(2));

    /// <summary>Angle in radians between two rotations (the angle of a⁻¹·b).</summary>
    public static double AngleBetweenRad(Matrix3 a, Matrix3 b) => AngleRad(Multiply(a.Transposed(), b));

    /// <summary>Rotation matrix of a quaternion (x, y, z, w), normalised first; throws for a zero or non-finite quaternion.</summary>
    public static Matrix3 FromQuaternion(double x, double y, double z, double w)
    {
        double n = Math.Sqrt(x * x + y * y + z * z + w * w);
        if (!(n > 1e-9) || !double.IsFinite(n)) throw new ArgumentException($"quaternion ({x}, {y}, {z}, {w}) has length {n}; a rotation needs a non-zero, finite quaternion");
        x /= n; y /= n; z /= n; w /= n;
        return new Matrix3(
            1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y));
    }
}
