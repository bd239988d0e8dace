using System.Text.Json;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.Registration.Tests;

public class RigidTransformTests
{
    [Test]
    public void Apply_QuarterTurnAboutZ_MapsXToY()
    {
        RigidTransform t = RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), Math.PI / 2, new Vec3(10, 0, 0));

        Vec3 p = t.Apply(new Vec3(1, 0, 0));

        Assert.Multiple(() =>
        {
            Assert.That(p.X, Is.EqualTo(10).Within(1e-12));
            Assert.That(p.Y, Is.EqualTo(1).Within(1e-12));
            Assert.That(p.Z, Is.EqualTo(0).Within(1e-12));
        });
    }

    [Test]
    public void Compose_ThenInverse_IsIdentityAndMatchesSequentialApply()
    {
        var rng = new Random(1);
        RigidTransform a = Synthetic.RandomRigid(rng), b = Synthetic.RandomRigid(rng);
        var p = new Vec3(12.5, -40, 77);

        Vec3 sequential = b.Apply(a.Apply(p));
        Vec3 composed = (b * a).Apply(p);

        Assert.That(Vec3.Distance(sequential, composed), Is.LessThan(1e-12));
        Synthetic.AssertClose((b * a).Inverse() * (b * a), RigidTransform.Identity, 1e-12);
        Assert.That(Vec3.Distance(a.Inverse().Apply(a.Apply(p)), p), Is.LessThan(1e-12));
    }

    [Test]
    public void FromRowMajor_RoundTrip_SameTransform()
    {
        RigidTransform t = Synthetic.RandomRigid(new Random(2)) with { Scale = 1.25 };

        RigidTransform back = RigidTransform.FromRowMajor(t.ToRowMajor());

        Synthetic.AssertClose(back, t, 1e-12);
        Assert.That(back.Scale, Is.EqualTo(1.25).Within(1e-12));
    }

    [Test]
    public void FromRowMajor_Mirror_RejectedWithReason()
    {
        double[] mirror = [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

        var e = Assert.Throws<ArgumentException>(() => RigidTransform.FromRowMajor(mirror));

        Assert.That(e!.Message, Does.Contain("mirroring"));
    }

    [Test]
    public void FromRowMajor_Shear_Rejected()
    {
        double[] shear = [1, 0.2, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

        var e = Assert.Throws<ArgumentException>(() => RigidTransform.FromRowMajor(shear));

        Assert.That(e!.Message, Does.Contain("not a rotation"));
    }

    [Test]
    public void FromRowMajor_FifteenNumbers_Rejected() =>
        Assert.Throws<ArgumentException>(() => RigidTransform.FromRowMajor(new double[15]));

    [Test]
    public void Json_RoundTrip_SixteenNumbersBitExact()
    {
        RigidTransform t = Synthetic.RandomRigid(new Random(3));

        string json = JsonSerializer.Serialize(t, NavJson.Options);
        RigidTransform back = JsonSerializer.Deserialize<RigidTransform>(json, NavJson.Options);

        Assert.That(JsonDocument.Parse(json).RootElement.GetArrayLength(), Is.EqualTo(16));
        Assert.That(back.ToRowMajor(), Is.EqualTo(t.ToRowMajor()));
    }

    [Test]
    public void RotationVector_RoundTrip_IncludingNearHalfTurn()
    {
        foreach (double angle in new[] { 1e-6, 0.3, 2.0, Math.PI - 1e-9 })
        {
            var axis = new Vec3(0.2, -0.5, 0.8).Normalized();
            Matrix3 r = RotationMath.AxisAngle(axis, angle);

            Vec3 w = RotationMath.ToRotationVector(r);

            Assert.That(RotationMath.AngleBetweenRad(RotationMath.FromRotationVector(w), r), Is.LessThan(1e-6), $"angle {angle}");
        }
    }
}
