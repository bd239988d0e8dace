using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Tests.Harness;

public class StatsTests
{
    [Test]
    public void Median_OddCount_MiddleOfSorted() =>
        Assert.That(Stats.Median([5.0, 1.0, 3.0]), Is.EqualTo(3.0));

    [Test]
    public void Median_EvenCount_MeanOfMiddleTwo() =>
        Assert.That(Stats.Median([4.0, 1.0, 3.0, 100.0]), Is.EqualTo(3.5).Within(1e-12));

    [Test]
    public void Median_OneOutlier_Ignored() =>
        Assert.That(Stats.Median([1.0, 1.1, 50.0]), Is.EqualTo(1.1));

    [Test]
    public void Median_Empty_ThrowsNamingRepetitions() =>
        Assert.That(() => Stats.Median([]), Throws.ArgumentException.With.Message.Contains("repetition"));
}
