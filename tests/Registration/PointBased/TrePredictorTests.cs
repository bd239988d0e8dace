using SurgicalNav.Imaging;
using SurgicalNav.Registration.PointBased;

namespace SurgicalNav.Registration.Tests.PointBased;

/// <summary>Fitzpatrick-West-Maurer TRE prediction against Monte Carlo simulation of FLE.</summary>
public class TrePredictorTests
{
    private const double FleRmsMm = 0.25;
    private const int Trials = 3000;

    public static IEnumerable<TestCaseData> Configurations()
    {
        yield return new TestCaseData(new Vec3[] { new(-60, -40, -30), new(70, -30, 20), new(0, 80, -10), new(-20, 10, 90) }, new Vec3(10, 5, 0))
            .SetName("Tre_FourFiducialsTargetInside_WithinTenPercentOfMonteCarlo");
        yield return new TestCaseData(new Vec3[] { new(-80, -20, 30), new(75, -35, 20), new(10, 90, -40), new(-30, 40, 110), new(50, 60, 70), new(0, -70, -60) }, new Vec3(-20, 30, 40))
            .SetName("Tre_SixSpreadFiducials_WithinTenPercentOfMonteCarlo");
        yield return new TestCaseData(new Vec3[] { new(-70, -50, 0.5), new(70, -45, -0.5), new(65, 55, 1), new(-60, 50, -1), new(0, 0, 0.3) }, new Vec3(0, 10, 120))
            .SetName("Tre_NearPlanarFiducialsTargetOffPlane_WithinTenPercentOfMonteCarlo");
        yield return new TestCaseData(new Vec3[] { new(-20, -15, 0), new(25, -10, 10), new(0, 30, -5), new(5, 0, 25), new(-10, 10, -20) }, new Vec3(150, 200, -100))
            .SetName("Tre_TargetFarOutsideFiducials_WithinTenPercentOfMonteCarlo");
    }

    [TestCaseSource(nameof(Configurations))]
    public void PredictRmsMm_Configuration_AgreesWithMonteCarlo(Vec3[] fiducialsInImage, Vec3 targetInImage)
    {
        var rng = new Random(1998);
        RigidTransform imageToTracker = RigidTransform.FromAxisAngle(new Vec3(0.3, -1, 0.4), 0.9, new Vec3(-200, 50, 900));
        Vec3[] trueInTracker = fiducialsInImage.Select(imageToTracker.Apply).ToArray();
        Vec3 targetInTracker = imageToTracker.Apply(targetInImage);
        RigidTransform trackerToImage = imageToTracker.Inverse();
        double sumSq = 0;
        var localised = new Vec3[trueInTracker.Length];
        for (int trial = 0; trial < Trials; trial++)
        {
            for (int i = 0; i < localised.Length; i++) localised[i] = trueInTracker[i] + Synthetic.Noise(rng, FleRmsMm);
            RigidTransform fit = PointRegistration.Solve(localised, fiducialsInImage).MovingToFixed;
            Vec3 error = fit.Apply(targetInTracker) - targetInImage;
            sumSq += Vec3.Dot(error, error);
        }
        double monteCarlo = Math.Sqrt(sumSq / Trials);

        double predicted = new TrePredictor(fiducialsInImage).PredictRmsMm(targetInImage, FleRmsMm);

        TestContext.Out.WriteLine($"predicted {predicted:0.0000} mm, Monte Carlo {monteCarlo:0.0000} mm, ratio {predicted / monteCarlo:0.000}");
        Assert.That(predicted / monteCarlo, Is.EqualTo(1).Within(0.10));
    }

    [Test]
    public void PredictRmsMm_AtCentroid_IsFleOverRootN()
    {
        Vec3[] f = [new(-60, -40, -30), new(70, -30, 20), new(0, 80, -10), new(-20, 10, 90)];
        var tre = new TrePredictor(f);

        Assert.That(tre.PredictRmsMm(tre.Centroid, 0.4), Is.EqualTo(0.4 / 2).Within(1e-12));
    }

    [Test]
    public void ExpectedFreMm_MatchesMonteCarloFre()
    {
        Vec3[] f = [new(-60, -40, -30), new(70, -30, 20), new(0, 80, -10), new(-20, 10, 90), new(30, 30, 30)];
        var rng = new Random(7);
        double sumSq = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            Vec3[] noisy = f.Select(p => p + Synthetic.Noise(rng, FleRmsMm)).ToArray();
            double fre = PointRegistration.Solve(noisy, f).FreMm;
            sumSq += fre * fre;
        }

        Assert.That(new TrePredictor(f).ExpectedFreMm(FleRmsMm) / Math.Sqrt(sumSq / 2000), Is.EqualTo(1).Within(0.05));
    }

    [Test]
    public void PredictRmsMm_NegativeFle_Rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrePredictor([new(0, 0, 0), new(10, 0, 0), new(0, 10, 0)]).PredictRmsMm(Vec3.Zero, -1));
}
