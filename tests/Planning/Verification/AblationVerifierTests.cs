using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Verification;
using SurgicalNav.Registration;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Verification;

/// <summary>Post-ablation checks on the phantom at 2 mm voxels: pre-op truth labels, post-op series with a known motion and zone.</summary>
public class AblationVerifierTests
{
    private static readonly PhantomOptions Options = new(new Int3(200, 200, 150), Seed: 3, NoiseHu: 12);
    private static readonly Lazy<PhantomResult> Pre = new(() => AbdomenPhantom.Generate(Options));
    private static readonly Vec3 Motion = new(3, -2, 4), RotationDeg = new(2, -1.5, 1);
    private const double VoxelMm = 2;

    private static PhantomTumor Tumor => Pre.Value.Truth.Tumors[0];

    private static LabelMap PreLabels => new(Pre.Value.Labels, SegmentTable.Abdomen());

    private static PostAblationOptions Post(Vec3 zoneCenterMm, double zoneRadiusMm, Vec3? motion = null, Vec3? rotationDeg = null) =>
        new(motion ?? Motion, rotationDeg ?? RotationDeg, zoneCenterMm, new Vec3(0.3, 0.5, 0.8), 2 * zoneRadiusMm, 2 * zoneRadiusMm);

    private static AblationZone Sphere(Vec3 centerMm, double radiusMm) => new(centerMm, new Vec3(0, 0, 1), 2 * radiusMm, 2 * radiusMm);

    [Test]
    public void Register_KnownMotion_RecoveredWithin1MmAnd1Degree()
    {
        PostAblationOptions post = Post(Tumor.CenterMm, Tumor.RadiusMm + 6);
        PhantomResult scan = AbdomenPhantom.GeneratePostAblation(Options, post);

        PostOpRegistration r = PostOpRegistrar.Register(Pre.Value.Hounsfield, scan.Hounsfield);

        // Composed with the true pre-to-post motion, the recovered post-to-pre must be the identity.
        foreach (Vec3 p in new[] { Tumor.CenterMm, new Vec3(0, 0, 150), new Vec3(-100, 40, 60) })
        {
            Assert.That((r.PostToPre.Apply(post.PreToPost(p)) - p).Length, Is.LessThan(1.0), $"target registration error at {p}");
        }
        var residual = RigidTransform.Compose(r.PostToPre, new RigidTransform(post.Rotation, post.TranslationMm));
        Assert.That(residual.RotationAngleDeg, Is.LessThan(1.0));
        Assert.That(r.RmsMm, Is.LessThan(1.0));
    }

    [Test]
    public void Verify_ConcentricZone6MmBeyondTumor_A0Is6MmWithinOneVoxel()
    {
        double margin = 6;
        PhantomResult scan = AbdomenPhantom.GeneratePostAblation(Options, Post(Tumor.CenterMm, Tumor.RadiusMm + margin));

        VerificationResult v = AblationVerifier.Verify(Pre.Value.Hounsfield, PreLabels, scan.Hounsfield, Sphere(Tumor.CenterMm, Tumor.RadiusMm + margin));

        Assert.That(v.A0Mm, Is.EqualTo(margin).Within(VoxelMm));
        Assert.That(v.Coverage.TumorCoveragePercent, Is.EqualTo(100).Within(1e-9));
        Assert.That(v.ResidualTumorMl, Is.EqualTo(0));
        double zoneMl = 4.0 / 3 * Math.PI * Math.Pow(Tumor.RadiusMm + margin, 3) / 1000;
        Assert.That(v.ZoneMl, Is.EqualTo(zoneMl).Within(0.1 * zoneMl));
        Assert.That(v.ZoneOffsetFromPlanMm, Is.LessThan(1.0));
        float[] sorted = v.Margins.MarginMm.Order().ToArray();
        Assert.That(sorted[sorted.Length / 2], Is.EqualTo(margin).Within(VoxelMm), "median margin on the tumour surface");
        Assert.That(v.Margins.UncoveredAreaPercent, Is.EqualTo(0));
        Assert.That(v.Margins.ColorsRgb, Has.Length.EqualTo(3 * v.Margins.Surface.VertexCount));
        TestContext.Out.WriteLine(v.Describe());
    }

    [Test]
    public void Verify_ZoneOffset10Mm_ResidualTumorMatchesSphereLensWithin10Percent()
    {
        double rt = Tumor.RadiusMm, rz = rt + 3, d = 10;
        Vec3 offset = new Vec3(1, 1, 0).Normalized() * d;
        PhantomResult scan = AbdomenPhantom.GeneratePostAblation(Options, Post(Tumor.CenterMm + offset, rz));

        // Seeded from the planned (tumour-centred) zone, as it would be after a needle that went 10 mm astray.
        VerificationResult v = AblationVerifier.Verify(Pre.Value.Hounsfield, PreLabels, scan.Hounsfield, Sphere(Tumor.CenterMm, rz));

        // Sphere-sphere lens: V = pi (R + r - d)^2 (d^2 + 2dr - 3r^2 + 2dR + 6rR - 3R^2) / (12 d).
        double lens = Math.PI * Math.Pow(rz + rt - d, 2) * (d * d + 2 * d * rt - 3 * rt * rt + 2 * d * rz + 6 * rt * rz - 3 * rz * rz) / (12 * d);
        double expected = (4.0 / 3 * Math.PI * rt * rt * rt - lens) / 1000;
        TestContext.Out.WriteLine($"{v.Describe()} expected residual {expected}");
        Assert.That(v.ResidualTumorMl, Is.EqualTo(expected).Within(0.1 * expected));
        Assert.That(v.A0Mm, Is.EqualTo(-(d + rt - rz)).Within(VoxelMm), "the farthest tumour point lies d + rt - rz outside the zone");
        Assert.That(v.ZoneOffsetFromPlanMm, Is.EqualTo(d).Within(1.0));
        Assert.That(v.Margins.UncoveredAreaPercent, Is.GreaterThan(5));
        Assert.That(v.Describe(), Does.StartWith("INCOMPLETE"));
    }

    [Test]
    public void Verify_OtherPatientShifted6Cm_ThrowsDoesNotRegister()
    {
        // Spine and ribs of another seed differ by a few mm; ICP from the identity still pairs 74% of points within 1.5 mm, below the 85% needed.
        PhantomResult other = AbdomenPhantom.GeneratePostAblation(Options with { Seed = 11 }, Post(Tumor.CenterMm, Tumor.RadiusMm + 6, new Vec3(60, -30, 25), new Vec3(0, 0, 12)));

        var e = Assert.Throws<PlanningException>(() => AblationVerifier.Verify(Pre.Value.Hounsfield, PreLabels, other.Hounsfield, Sphere(Tumor.CenterMm, Tumor.RadiusMm + 6)));

        Assert.That(e!.Message, Does.Contain("does not register"));
    }

    [Test]
    public void Verify_SeriesWithoutBone_ThrowsNamingTheMissingBone()
    {
        var water = new Volume<short>(Pre.Value.Hounsfield.Geometry);

        var e = Assert.Throws<PlanningException>(() => AblationVerifier.Verify(Pre.Value.Hounsfield, PreLabels, water, Sphere(Tumor.CenterMm, Tumor.RadiusMm + 6)));

        Assert.That(e!.Message, Does.Contain("no bone surface").And.Contain("does not register"));
    }

    [Test]
    public void Verify_PostOpWithoutAblation_ThrowsNoHypodenseZone()
    {
        PostAblationOptions none = Post(Tumor.CenterMm, Tumor.RadiusMm + 6) with { ZoneDropHu = 0, RimRiseHu = 0 };
        PhantomResult scan = AbdomenPhantom.GeneratePostAblation(Options, none);

        var e = Assert.Throws<PlanningException>(() => AblationVerifier.Verify(Pre.Value.Hounsfield, PreLabels, scan.Hounsfield, Sphere(Tumor.CenterMm + new Vec3(0, 0, 0), Tumor.RadiusMm + 6)));

        Assert.That(e!.Message, Does.Contain("no hypodense ablation zone"));
    }

    [Test]
    public void Verify_PlannedCentreOutsideTumor_ThrowsNotInsideATumour()
    {
        PhantomResult scan = AbdomenPhantom.GeneratePostAblation(Options, Post(Tumor.CenterMm, Tumor.RadiusMm + 6));

        var e = Assert.Throws<PlanningException>(() => AblationVerifier.Verify(Pre.Value.Hounsfield, PreLabels, scan.Hounsfield, Sphere(Pre.Value.Truth.SeedsMm["liver"], 10)));

        Assert.That(e!.Message, Does.Contain("not inside a tumour"));
    }
}
