using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Tests;

/// <summary>Random rotations, Gaussian noise and fiducial sets for the registration tests.</summary>
internal static class Synthetic
{
    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Isotropic Gaussian vector with the given RMS 3D length (σ per axis = rms/√3).</summary>
    public static Vec3 Noise(Random rng, double rms3d)
    {
        double s = rms3d / Math.Sqrt(3);
        return new Vec3(Gaussian(rng) * s, Gaussian(rng) * s, Gaussian(rng) * s);
    }

    public static Vec3 UnitVector(Random rng)
    {
        while (true)
        {
            var v = new Vec3(Gaussian(rng), Gaussian(rng), Gaussian(rng));
            if (v.Length > 1e-6) return v.Normalized();
        }
    }

    public static RigidTransform RandomRigid(Random rng, double maxAngleDeg = 180, double maxShiftMm = 200) =>
        RigidTransform.FromAxisAngle(UnitVector(rng), rng.NextDouble() * maxAngleDeg * Math.PI / 180,
            new Vec3((rng.NextDouble() * 2 - 1) * maxShiftMm, (rng.NextDouble() * 2 - 1) * maxShiftMm, (rng.NextDouble() * 2 - 1) * maxShiftMm));

    public static void AssertClose(RigidTransform actual, RigidTransform expected, double tolerance)
    {
        double[] a = actual.ToRowMajor(), e = expected.ToRowMajor();
        for (int i = 0; i < 16; i++) Assert.That(a[i], Is.EqualTo(e[i]).Within(tolerance), $"matrix element {i}");
    }
}
