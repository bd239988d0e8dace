using SurgicalNav.Imaging;
using SurgicalNav.Registration;

namespace SurgicalNav.App.Tests.Server.Ar;

/// <summary>Grip poses of a controller pivoting about a point: the tip stays at the pivot while the grip tilts in a cone.</summary>
internal static class PivotPoses
{
    /// <summary>
    /// <paramref name="count"/> grip → world poses (mm) tilted by <paramref name="tiltDeg"/> from a base orientation in
    /// every direction around a cone (so the largest angle between two is about twice the tilt), each keeping
    /// <paramref name="tipInGripMm"/> on <paramref name="pivotMm"/>, with uniform position noise of ±<paramref name="noiseMm"/>.
    /// </summary>
    public static RigidTransform[] Cone(Vec3 tipInGripMm, Vec3 pivotMm, double tiltDeg, int count = 24, double noiseMm = 0, int seed = 1)
    {
        var random = new Random(seed);
        Matrix3 baseRotation = RotationMath.AxisAngle(new Vec3(1, 0.3, -0.2).Normalized(), 0.9);
        var poses = new RigidTransform[count];
        for (int i = 0; i < count; i++)
        {
            double phi = 2 * Math.PI * i / count;
            double tilt = tiltDeg * Math.PI / 180 * (i % 2 == 0 ? 1 : 0.6);
            Matrix3 r = RotationMath.Multiply(baseRotation, RotationMath.AxisAngle(new Vec3(Math.Cos(phi), Math.Sin(phi), 0), tilt));
            Vec3 noise = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5) * (2 * noiseMm);
            poses[i] = new RigidTransform(r, pivotMm - r * tipInGripMm + noise);
        }
        return poses;
    }
}
