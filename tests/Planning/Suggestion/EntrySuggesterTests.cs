using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Planning.Risk;
using SurgicalNav.Planning.Suggestion;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Suggestion;

public class EntrySuggesterTests
{
    private static readonly Dictionary<string, double> Oar = new() { ["vessels"] = 3, ["bone"] = 2 };

    private static void AssertSafe(LabelMap map, PathRisk r, SuggestionOptions o)
    {
        HashSet<byte> crossed = PlanningScenes.LabelsAlong(map, r.TargetMm, r.EntryMm);
        Assert.Multiple(() =>
        {
            Assert.That(r.Safe, Is.True, string.Join("; ", r.Violations));
            Assert.That(PlanningScenes.OnSurface(map, r.EntryMm), Is.True, $"entry {r.EntryMm} on the skin");
            Assert.That(crossed, Does.Not.Contain(PlanningScenes.Bone).And.Not.Contain(PlanningScenes.Vessels));
            Assert.That(r.ClearanceMm("vessels"), Is.GreaterThanOrEqualTo(3));
            Assert.That(r.ClearanceMm("bone"), Is.GreaterThanOrEqualTo(2));
            Assert.That(r.SkinAngleDeg, Is.LessThanOrEqualTo(o.MaxAngleDeg));
        });
    }

    [Test]
    public void Suggest_SphereScene_BestIsSafeOnTheFrontWithExplanation()
    {
        LabelMap map = PlanningScenes.SphereScene();
        RiskMaps maps = RiskMaps.Build(map, Oar);
        var options = new SuggestionOptions(SupineOnly: false);

        EntrySuggestion s = EntrySuggester.Suggest(maps, PlanningScenes.SphereTumorCenter, NeedleModel.Default, options);

        AssertSafe(map, s.Best.Risk, options);
        Assert.That(s.SkinCandidates, Is.GreaterThan(1000), "a 36 mm sphere has ~16,000 mm² of skin, > 1000 cells of 1.5 mm");
        Assert.That(s.Rejected.Keys, Has.Some.Contains("bone").Or.Some.Contains("vessels"));
        Assert.That(s.ParetoFront, Has.Member(s.Best));
        Assert.That(s.Best.Explanation, Does.StartWith("best:"));
        Assert.That(s.ParetoFront.All(c => c.Explanation.Contains("Pareto")), Is.True);
        // No front member is dominated by another (objectives compared as ranked: length, slack, angle).
        foreach (EntryCandidate a in s.ParetoFront)
        foreach (EntryCandidate b in s.ParetoFront)
        {
            if (ReferenceEquals(a, b)) continue;
            bool dominates = b.Risk.LengthMm < a.Risk.LengthMm - 0.5 && b.Risk.WorstSlackMm > a.Risk.WorstSlackMm + 0.5 && b.Risk.SkinAngleDeg < a.Risk.SkinAngleDeg - 1;
            Assert.That(dominates, Is.False, $"{b.Explanation} dominates {a.Explanation}");
        }
    }

    [Test]
    public void Suggest_Phantom_BestNeverCrossesBoneOrVesselsAndRespectsClearances()
    {
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(128, 128, 96), Seed: 3));
        var map = new LabelMap(p.Labels, SegmentTable.Abdomen());
        var options = new SuggestionOptions(SpacingMm: 3);
        foreach (PhantomTumor tumor in p.Truth.Tumors)
        {
            RiskMaps maps = RiskMaps.Around(map, Oar, tumor.CenterMm, NeedleModel.Default.LengthMm);
            EntrySuggestion s = EntrySuggester.Suggest(maps, tumor.CenterMm, NeedleModel.Default, options);
            AssertSafe(map, s.Best.Risk, options);
            // Cross-check with the full-image maps: cropping never hid a violation.
            PathRisk again = RiskMaps.Build(map, Oar).Evaluate(s.Best.Risk.EntryMm, tumor.CenterMm, NeedleModel.Default.LengthMm, options.MaxAngleDeg);
            Assert.That(again.Safe, Is.True, string.Join("; ", again.Violations));
            Assert.That(maps.SkinNormal(s.Best.Risk.EntryMm).Y, Is.LessThanOrEqualTo(0.5), "supine: the entry's skin does not face the table (+y)");
        }
    }

    [Test]
    public void Suggest_TargetInAir_ThrowsNamingTheTarget()
    {
        LabelMap map = PlanningScenes.SphereScene();
        RiskMaps maps = RiskMaps.Build(map, Oar);
        var ex = Assert.Throws<PlanningException>(() => EntrySuggester.Suggest(maps, new Vec3(2, 2, 2), NeedleModel.Default));
        Assert.That(ex!.Message, Does.Contain("outside the body"));
        Assert.Throws<PlanningException>(() => EntrySuggester.Suggest(maps, new Vec3(500, 2, 2), NeedleModel.Default));
    }

    [Test]
    public void Suggest_NeedleTooShort_ThrowsSayingWhatToChange()
    {
        LabelMap map = PlanningScenes.SphereScene();
        RiskMaps maps = RiskMaps.Build(map, Oar);
        var ex = Assert.Throws<PlanningException>(() => EntrySuggester.Suggest(maps, PlanningScenes.SphereTumorCenter, NeedleModel.Default with { LengthMm = 20 }));
        Assert.That(ex!.Message, Does.Contain("longer needle"));
    }
}
