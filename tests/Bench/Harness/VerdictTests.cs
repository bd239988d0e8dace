using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Tests.Harness;

public class VerdictTests
{
    [Test]
    public void Judge_OutputsDisagree_FailWithoutRatio()
    {
        (RowOutcome outcome, double? ratio, string note) = Verdict.Judge([1.0, 1.0], [10.0, 10.0], ["count: ours 5, anchor 6"], 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(RowOutcome.Fail));
            Assert.That(ratio, Is.Null, "a row whose outputs disagree must never show a ratio");
            Assert.That(note, Does.Contain("count: ours 5, anchor 6"));
        });
    }

    [Test]
    public void Judge_AnchorFailed_FailWithoutRatio()
    {
        (RowOutcome outcome, double? ratio, string note) = Verdict.Judge([1.0], [], [], 1.0, "ImportError: vtk");
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(RowOutcome.Fail));
            Assert.That(ratio, Is.Null);
            Assert.That(note, Does.Contain("ImportError"));
        });
    }

    [Test]
    public void Judge_AgreeAndFaster_RatioOfMediansAndMet()
    {
        (RowOutcome outcome, double? ratio, _) = Verdict.Judge([1.0, 2.0, 1.5], [3.0, 100.0, 4.5], [], 2.0);
        Assert.Multiple(() =>
        {
            Assert.That(ratio, Is.EqualTo(3.0).Within(1e-12), "median anchor 4.5 s / median ours 1.5 s");
            Assert.That(outcome, Is.EqualTo(RowOutcome.Met));
        });
    }

    [Test]
    public void Judge_AgreeButSlower_NotMetWithRatio()
    {
        (RowOutcome outcome, double? ratio, _) = Verdict.Judge([2.0], [1.0], [], 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(ratio, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(outcome, Is.EqualTo(RowOutcome.NotMet));
        });
    }

    [Test]
    public void Judge_NoTimedRuns_Fail() =>
        Assert.That(Verdict.Judge([], [], [], 1.0).Outcome, Is.EqualTo(RowOutcome.Fail));

    [Test]
    public void Exact_OffByOne_Disagrees() =>
        Assert.That(Verdict.Exact("count", 1000, 1001), Does.Contain("ours 1000, anchor 1001"));

    [Test]
    public void Exact_Equal_Agrees() => Assert.That(Verdict.Exact("count", 42, 42), Is.Null);

    [TestCase(125, 100, true)]
    [TestCase(75, 100, true)]
    [TestCase(126, 100, false)]
    [TestCase(74, 100, false)]
    public void Within_QuarterTolerance_EdgesInclusive(double ours, double anchor, bool agrees) =>
        Assert.That(Verdict.Within("triangles", ours, anchor, 0.25) is null, Is.EqualTo(agrees));
}
