using SurgicalNav.Imaging;
using SurgicalNav.Registration.PointBased;

namespace SurgicalNav.Registration.Tests.PointBased;

public class PointRegistrationTests
{
    private static readonly Vec3[] Fiducials =
    [
        new(-80, -20, 30), new(75, -35, 20), new(10, 90, -40), new(-30, 40, 110), new(50, 60, 70), new(0, -70, -60),
    ];

    private static Vec3[] Map(RigidTransform t, IEnumerable<Vec3> points) => points.Select(t.Apply).ToArray();

    [Test]
    public void Solve_NoiseFreeRandomTransforms_ExactTo1e9()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 50; trial++)
        {
            RigidTransform truth = Synthetic.RandomRigid(rng);
            Vec3[] moving = Fiducials.Take(3 + trial % 4).ToArray();

            PointRegistrationResult r = PointRegistration.Solve(moving, Map(truth, moving));

            Synthetic.AssertClose(r.MovingToFixed, truth, 1e-9);
            Assert.That(r.FreMm, Is.LessThan(1e-9));
            Assert.That(r.ResidualsMm, Has.All.LessThan(1e-9));
        }
    }

    [Test]
    public void Solve_MirroredFiducials_StillReturnsProperRotation()
    {
        // Mirror images of a planar set would be matched exactly by a reflection; the solver must not return one.
        Vec3[] moving = [new(0, 0, 0), new(100, 0, 0), new(0, 80, 0), new(60, 50, 0)];
        Vec3[] fixedPoints = moving.Select(p => new Vec3(-p.X, p.Y, p.Z)).ToArray();
        Vec3[] spatial = [.. Fiducials];
        Vec3[] spatialMirror = spatial.Select(p => new Vec3(-p.X, p.Y, p.Z)).ToArray();

        PointRegistrationResult planar = PointRegistration.Solve(moving, fixedPoints);
        PointRegistrationResult solid = PointRegistration.Solve(spatial, spatialMirror);

        Assert.That(planar.MovingToFixed.Rotation.Determinant, Is.EqualTo(1).Within(1e-12));
        Assert.That(planar.FreMm, Is.LessThan(1e-9), "a planar set's mirror image is reached by a 180° turn");
        Assert.That(solid.MovingToFixed.Rotation.Determinant, Is.EqualTo(1).Within(1e-12));
        Assert.That(solid.FreMm, Is.GreaterThan(10), "a 3D set's mirror image cannot be reached rigidly");
    }

    [Test]
    public void Solve_Similarity_RecoversScale()
    {
        RigidTransform truth = Synthetic.RandomRigid(new Random(5)) with { Scale = 1.037 };

        PointRegistrationResult rigid = PointRegistration.Solve(Fiducials, Map(truth, Fiducials));
        PointRegistrationResult similar = PointRegistration.Solve(Fiducials, Map(truth, Fiducials), new PointRegistrationOptions(AllowScale: true));

        Assert.That(similar.MovingToFixed.Scale, Is.EqualTo(1.037).Within(1e-12));
        Synthetic.AssertClose(similar.MovingToFixed, truth, 1e-9);
        Assert.That(rigid.MovingToFixed.Scale, Is.EqualTo(1));
        Assert.That(rigid.FreMm, Is.GreaterThan(1), "a rigid fit cannot absorb a 3.7 % scale");
    }

    [Test]
    public void Solve_OneFiducialDisplaced_LeaveOneOutNamesIt()
    {
        RigidTransform truth = Synthetic.RandomRigid(new Random(6));
        Vec3[] fixedPoints = Map(truth, Fiducials);
        fixedPoints[3] += new Vec3(4, -3, 2);

        PointRegistrationResult r = PointRegistration.Solve(Fiducials, fixedPoints);

        Assert.That(r.Worst, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(r.Worst!.Index, Is.EqualTo(3));
            Assert.That(r.Worst.FreWithoutMm, Is.LessThan(1e-9));
            Assert.That(r.Worst.LeaveOneOutErrorMm, Is.EqualTo(Math.Sqrt(16 + 9 + 4)).Within(1e-9));
            Assert.That(r.Worst.ResidualMm, Is.EqualTo(r.ResidualsMm[3]));
        });
    }

    [Test]
    public void Solve_ThreeFiducials_NoLeaveOneOutHint() =>
        Assert.That(PointRegistration.Solve(Fiducials[..3], Fiducials[..3]).Worst, Is.Null);

    [Test]
    public void Solve_TwoPoints_RejectedAskingForThree()
    {
        var e = Assert.Throws<RegistrationException>(() => PointRegistration.Solve(Fiducials[..2], Fiducials[..2]));

        Assert.That(e!.Message, Does.Contain("at least 3"));
    }

    [Test]
    public void Solve_CollinearPoints_RejectedAskingForAnOffLinePoint()
    {
        Vec3[] line = [new(0, 0, 0), new(10, 10, 10), new(25, 25, 25), new(40, 40, 40)];

        var e = Assert.Throws<RegistrationException>(() => PointRegistration.Solve(line, line));

        Assert.That(e!.Message, Does.Contain("collinear").And.Contain("off the line"));
    }

    [Test]
    public void Solve_NearlyCollinearPoints_Rejected()
    {
        // 100 mm long, 0.5 mm off the line: rotation about the line is determined to no better than ~FLE/0.5 mm rad.
        Vec3[] line = [new(0, 0, 0), new(50, 0.5, 0), new(100, 0, 0.2), new(75, -0.3, 0)];

        Assert.Throws<RegistrationException>(() => PointRegistration.Solve(line, line));
    }

    [Test]
    public void Solve_NaNCoordinate_RejectedNamingThePoint()
    {
        Vec3[] moving = [.. Fiducials];
        moving[2] = new Vec3(1, double.NaN, 3);

        var e = Assert.Throws<RegistrationException>(() => PointRegistration.Solve(moving, Fiducials));

        Assert.That(e!.Message, Does.Contain("moving point 3").And.Contain("not a finite"));
    }

    [Test]
    public void Solve_MismatchedCounts_RejectedWithBothCounts()
    {
        var e = Assert.Throws<RegistrationException>(() => PointRegistration.Solve(Fiducials, Fiducials[..5]));

        Assert.That(e!.Message, Does.Contain("6 moving and 5 fixed"));
    }

    [TestCase(0.001, "less")]
    [TestCase(10.0, "more")]
    public void Solve_UnitsCheck_MovingInMetresOrCentimetres_RejectedNamingUnits(double factor, string direction)
    {
        var truth = RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), 0.4, new Vec3(5, -3, 20));
        Vec3[] moving = Map(truth, Fiducials).Select(p => p * factor).ToArray();

        var e = Assert.Throws<RegistrationException>(() => PointRegistration.Solve(moving, Fiducials, new PointRegistrationOptions(MaxUnitsMismatch: 1.5)));

        Assert.That(e!.Message, Does.Contain("not in the same units").And.Contain(direction).And.Contain("mm"));
    }

    [Test]
    public void Solve_UnitsCheck_SameUnitsWithNoise_Accepted()
    {
        var truth = RigidTransform.FromAxisAngle(new Vec3(1, 0, 0), -0.7, new Vec3(100, 20, -1500));
        var noise = new Random(3);
        Vec3[] moving = Fiducials.Select(p => p + new Vec3(noise.NextDouble(), noise.NextDouble(), noise.NextDouble()) * 2).ToArray();

        PointRegistrationResult r = PointRegistration.Solve(Map(truth, moving), Fiducials, new PointRegistrationOptions(MaxUnitsMismatch: 1.5));

        Assert.That(r.FreMm, Is.LessThan(2));
    }
}
