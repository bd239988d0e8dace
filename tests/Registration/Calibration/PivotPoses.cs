using SurgicalNav.Imaging;
using SurgicalNav.Registration.Calibration;

namespace SurgicalNav.Registration.Tests.Calibration;

/// <summary>Synthetic poses of a stylus pivoting about a divot, with tracker noise on the marker position.</summary>
internal static class PivotPoses
{
    public static readonly Vec3 TipInTool = new(1.5, -2.0, 152.0);
    public static readonly Vec3 PivotInTracker = new(-40, 25, -1300);

    /// <summary>Orientation of a tool tilted by <paramref name="tiltDeg"/> towards azimuth <paramref name="azimuthDeg"/> and spun about its shaft.</summary>
    public static Matrix3 Orientation(double tiltDeg, double azimuthDeg, double spinDeg)
    {
        double az = azimuthDeg * Math.PI / 180;
        Matrix3 tilt = RotationMath.AxisAngle(new Vec3(Math.Cos(az), Math.Sin(az), 0), tiltDeg * Math.PI / 180);
        Matrix3 spin = RotationMath.AxisAngle(new Vec3(0, 0, 1), spinDeg * Math.PI / 180);
        return RotationMath.Multiply(tilt, spin);
    }

    /// <summary>A pose with its tip exactly at the pivot, then the marker position blurred by RMS 3D noise.</summary>
    public static ToolPose Pose(Matrix3 r, Random rng, double noiseRmsMm, long timestampNs)
    {
        Vec3 t = PivotInTracker - r * TipInTool + Synthetic.Noise(rng, noiseRmsMm);
        return new ToolPose(new RigidTransform(r, t), timestampNs);
    }

    /// <summary>Random poses within a cone of the given half-angle about the tracker's z axis.</summary>
    public static List<ToolPose> Cone(int count, double halfAngleDeg, double noiseRmsMm, int seed)
    {
        var rng = new Random(seed);
        var poses = new List<ToolPose>();
        for (int i = 0; i < count; i++)
        {
            Matrix3 r = Orientation(halfAngleDeg * Math.Sqrt(rng.NextDouble()), rng.NextDouble() * 360, rng.NextDouble() * 60 - 30);
            poses.Add(Pose(r, rng, noiseRmsMm, i * 4_000_000L));
        }
        return poses;
    }
}
