using SurgicalNav.Imaging;
using SurgicalNav.Registration.PointBased;
using SurgicalNav.Registration.Surface;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Registration.Tests.Surface;

/// <summary>Traced skin points registered to the phantom's skin from a 10 mm / 10° misalignment.</summary>
public class SurfaceIcpTests
{
    private const double NoisePerAxisMm = 0.3;

    /// <summary>A 10° turn about an oblique axis through the points' centroid, then a 10 mm shift: the true fixed-to-moving transform.</summary>
    private static RigidTransform Misalignment(Vec3 centroid)
    {
        Vec3 shift = new Vec3(6, -5, 6.25).Normalized() * 10;
        RigidTransform turn = RigidTransform.FromAxisAngle(new Vec3(1, 2, -1), 10 * Math.PI / 180, Vec3.Zero);
        return new RigidTransform(Matrix3.Identity, centroid + shift) * turn * new RigidTransform(Matrix3.Identity, -centroid);
    }

    /// <summary>Traced points in the tracker frame: samples on the skin plus noise, carried by the misalignment.</summary>
    private static (float[] Moving, Vec3[] TrueInImage, RigidTransform ImageToTracker) Trace(Mesh mesh, int count, int seed, double outlierFraction = 0)
    {
        var rng = new Random(seed);
        Vec3[] onSkin = PhantomSkin.SampleOnTriangles(mesh, count, rng);
        Vec3 centroid = onSkin.Aggregate(Vec3.Zero, (a, b) => a + b) / count;
        RigidTransform imageToTracker = Misalignment(centroid);
        var moving = new Vec3[count];
        for (int i = 0; i < count; i++)
        {
            var noise = new Vec3(Synthetic.Gaussian(rng), Synthetic.Gaussian(rng), Synthetic.Gaussian(rng)) * NoisePerAxisMm;
            // Outliers: points traced in the air, 10-30 mm off the skin.
            if (rng.NextDouble() < outlierFraction) noise = Synthetic.UnitVector(rng) * (10 + 20 * rng.NextDouble());
            moving[i] = imageToTracker.Apply(onSkin[i] + noise);
        }
        return (PhantomSkin.ToFloats(moving), onSkin, imageToTracker);
    }

    /// <summary>RMS distance (mm) between where the estimate and the truth put the traced points in the image.</summary>
    private static double RmsTransformError(RigidTransform estimate, RigidTransform truth, float[] moving)
    {
        double sumSq = 0;
        int n = moving.Length / 3;
        for (int i = 0; i < n; i++)
        {
            var p = new Vec3(moving[3 * i], moving[3 * i + 1], moving[3 * i + 2]);
            double d = Vec3.Distance(estimate.Apply(p), truth.Apply(p));
            sumSq += d * d;
        }
        return Math.Sqrt(sumSq / n);
    }

    [Test]
    public void Register_PhantomSkinTenMmTenDegrees_UnderHalfMillimetre()
    {
        Mesh mesh = PhantomSkin.Mesh;
        IcpSurface surface = PhantomSkin.Surface(mesh);
        (float[] moving, _, RigidTransform imageToTracker) = Trace(mesh, 5000, seed: 21);
        RigidTransform truth = imageToTracker.Inverse();
        double before = RmsTransformError(RigidTransform.Identity, truth, moving);

        IcpResult r = SurfaceIcp.Register(surface, moving, RigidTransform.Identity);

        double after = RmsTransformError(r.MovingToFixed, truth, moving);
        TestContext.Out.WriteLine($"skin {mesh.VertexCount} vertices; misalignment {before:0.0} mm RMS -> {after:0.000} mm RMS after {r.Iterations} iterations; " +
                                  $"reported RMS {r.RmsDistanceMm:0.000} mm, inliers {r.InlierFraction:P1}");
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.GreaterThan(10), "the start really is misaligned");
            Assert.That(after, Is.LessThan(0.5), "true registration error over the traced points");
            Assert.That(r.RmsDistanceMm, Is.LessThan(0.5), "reported point-to-plane RMS");
            Assert.That(r.InlierFraction, Is.GreaterThan(0.95));
        });
    }

    [Test]
    public void Register_FifteenPercentOutliersWithHuber_UnderHalfMillimetreAndOutliersCounted()
    {
        Mesh mesh = PhantomSkin.Mesh;
        IcpSurface surface = PhantomSkin.Surface(mesh);
        (float[] moving, _, RigidTransform imageToTracker) = Trace(mesh, 5000, seed: 22, outlierFraction: 0.15);

        IcpResult r = SurfaceIcp.Register(surface, moving, RigidTransform.Identity, new IcpOptions(TrimFraction: 0.8, HuberMm: 1.0));

        double after = RmsTransformError(r.MovingToFixed, imageToTracker.Inverse(), moving);
        TestContext.Out.WriteLine($"with outliers: {after:0.000} mm RMS, inliers {r.InlierFraction:P1}, {r.Iterations} iterations");
        Assert.That(after, Is.LessThan(0.5));
        Assert.That(r.InlierFraction, Is.EqualTo(0.85).Within(0.04), "the air points are not inliers");
    }

    [Test]
    public void Register_InitialisedFromLandmarks_RefinesLandmarkError()
    {
        Mesh mesh = PhantomSkin.Mesh;
        IcpSurface surface = PhantomSkin.Surface(mesh);
        (float[] moving, Vec3[] trueInImage, RigidTransform imageToTracker) = Trace(mesh, 4000, seed: 23);
        // Four skin landmarks localised with 2 mm error give a rough start; ICP takes it from there.
        var rng = new Random(5);
        int[] picks = [0, 1000, 2000, 3000];
        Vec3[] landmarksImage = picks.Select(i => trueInImage[i] + Synthetic.Noise(rng, 2)).ToArray();
        Vec3[] landmarksTracker = picks.Select(i => imageToTracker.Apply(trueInImage[i])).ToArray();
        RigidTransform initial = PointRegistration.Solve(landmarksTracker, landmarksImage).MovingToFixed;

        IcpResult r = SurfaceIcp.Register(surface, moving, initial);

        Assert.That(RmsTransformError(r.MovingToFixed, imageToTracker.Inverse(), moving), Is.LessThan(0.5));
    }

    [Test]
    public void Register_PointsFarFromSurface_RejectedAskingForBetterStart()
    {
        IcpSurface surface = PhantomSkin.Surface(PhantomSkin.Mesh);
        float[] far = PhantomSkin.ToFloats(Enumerable.Range(0, 100).Select(i => new Vec3(5000 + i, 5000, 5000)));

        var e = Assert.Throws<RegistrationException>(() => SurfaceIcp.Register(surface, far, RigidTransform.Identity));

        Assert.That(e!.Message, Does.Contain("initial registration"));
    }

    [Test]
    public void Register_NaNPoint_RejectedNamingIt()
    {
        IcpSurface surface = PhantomSkin.Surface(PhantomSkin.Mesh);
        float[] moving = PhantomSkin.ToFloats(PhantomSkin.SampleOnTriangles(PhantomSkin.Mesh, 10, new Random(1)));
        moving[3 * 4 + 1] = float.NaN;

        var e = Assert.Throws<RegistrationException>(() => SurfaceIcp.Register(surface, moving, RigidTransform.Identity));

        Assert.That(e!.Message, Does.Contain("traced point 5"));
    }

    [Test]
    public void IcpSurface_NormalCountMismatch_Rejected() =>
        Assert.Throws<RegistrationException>(() => new IcpSurface(new float[30], new float[27]));
}
