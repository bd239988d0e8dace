using System.Text.Json.Serialization;
using SurgicalNav.Imaging;

namespace SurgicalNav.Registration;

/// <summary>
/// A rigid transform (rotation then translation), optionally with a uniform scale for similarity
/// registration: p' = Scale · Rotation · p + Translation. Units are mm; which frames it maps between is said
/// by the name of the member that holds it (for example <c>MovingToFixed</c>). JSON is 16 numbers, row-major.
/// </summary>
[JsonConverter(typeof(RigidTransformJsonConverter))]
public readonly record struct RigidTransform(Matrix3 Rotation, Vec3 Translation, double Scale = 1.0)
{
    /// <summary>The identity transform.</summary>
    public static RigidTransform Identity => new(Matrix3.Identity, Vec3.Zero, 1.0);

    /// <summary>Maps a point (mm) from the source frame into the target frame.</summary>
    public Vec3 Apply(Vec3 point) => Scale * (Rotation * point) + Translation;

    /// <summary>Maps a direction (unit-free) from the source frame into the target frame; no translation, no scale.</summary>
    public Vec3 ApplyToDirection(Vec3 direction) => Rotation * direction;

    /// <summary>
    /// Composition: the transform that first applies <paramref name="first"/> and then <paramref name="then"/>,
    /// so for A→B = first and B→C = then the result is A→C.
    /// </summary>
    public static RigidTransform Compose(RigidTransform then, RigidTransform first) =>
        new(RotationMath.Multiply(then.Rotation, first.Rotation), then.Scale * (then.Rotation * first.Translation) + then.Translation, then.Scale * first.Scale);

    /// <summary>Matrix product a·b: first b, then a (same order as 4x4 matrices).</summary>
    public static RigidTransform operator *(RigidTransform a, RigidTransform b) => Compose(a, b);

    /// <summary>The inverse transform (target frame back to source frame).</summary>
    public RigidTransform Inverse()
    {
        if (!(Scale > 0)) throw new InvalidOperationException($"a transform with scale {Scale} cannot be inverted");
        Matrix3 rt = Rotation.Transposed();
        return new RigidTransform(rt, -(rt * Translation) / Scale, 1.0 / Scale);
    }

    /// <summary>A rotation about a unit axis by an angle in radians (right-handed), with a translation in mm.</summary>
    public static RigidTransform FromAxisAngle(Vec3 axis, double angleRad, Vec3 translation) =>
        new(RotationMath.AxisAngle(axis, angleRad), translation);

    /// <summary>
    /// Builds a transform from 16 numbers of a 4x4 homogeneous matrix in row-major order. The upper-left 3x3
    /// must be a rotation times a positive uniform scale (tolerance 1e-6 relative) and the last row 0 0 0 1.
    /// </summary>
    public static RigidTransform FromRowMajor(ReadOnlySpan<double> m)
    {
        if (m.Length != 16) throw new ArgumentException($"a 4x4 transform needs 16 numbers (row-major), got {m.Length}", nameof(m));
        foreach (double v in m)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("a 4x4 transform contains a NaN or infinite number", nameof(m));
        }
        if (Math.Abs(m[12]) > 1e-9 || Math.Abs(m[13]) > 1e-9 || Math.Abs(m[14]) > 1e-9 || Math.Abs(m[15] - 1) > 1e-9)
        {
            throw new ArgumentException($"the last row of a rigid 4x4 transform must be 0 0 0 1, got {m[12]} {m[13]} {m[14]} {m[15]}", nameof(m));
        }
        var linear = new Matrix3(m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]);
        double det = linear.Determinant;
        if (!(det > 0)) throw new ArgumentException($"the 3x3 part of the transform has determinant {det:G4}; a rigid transform needs a proper rotation (no mirroring)", nameof(m));
        double scale = Math.Cbrt(det);
        // A rigid matrix keeps its numbers exactly, so stored transforms round-trip bit for bit.
        if (Math.Abs(scale - 1) < 1e-9) scale = 1;
        Matrix3 r = scale == 1 ? linear : Scaled(linear, 1.0 / scale);
        Matrix3 rrt = RotationMath.Multiply(r, r.Transposed());
        double off = Math.Abs(rrt.M00 - 1) + Math.Abs(rrt.M11 - 1) + Math.Abs(rrt.M22 - 1) + Math.Abs(rrt.M01) + Math.Abs(rrt.M02) + Math.Abs(rrt.M12);
        if (off > 1e-6) throw new ArgumentException($"the 3x3 part of the transform is not a rotation (R·Rᵀ differs from I by {off:G3}); shear or non-uniform scale is not rigid", nameof(m));
        return new RigidTransform(r, new Vec3(m[3], m[7], m[11]), scale);
    }

    /// <summary>The 16 numbers of the 4x4 homogeneous matrix in row-major order (scale folded into the 3x3).</summary>
    public double[] ToRowMajor()
    {
        Matrix3 r = Rotation;
        double s = Scale;
        return
        [
            s * r.M00, s * r.M01, s * r.M02, Translation.X,
            s * r.M10, s * r.M11, s * r.M12, Translation.Y,
            s * r.M20, s * r.M21, s * r.M22, Translation.Z,
            0, 0, 0, 1,
        ];
    }

    /// <summary>Rotation angle in degrees (0 to 180) of the rotation part.</summary>
    public double RotationAngleDeg => RotationMath.AngleRad(Rotation) * 180 / Math.PI;

    private static Matrix3 Scaled(Matrix3 a, double s) =>
        new(a.M00 * s, a.M01 * s, a.M02 * s, a.M10 * s, a.M11 * s, a.M12 * s, a.M20 * s, a.M21 * s, a.M22 * s);
}
