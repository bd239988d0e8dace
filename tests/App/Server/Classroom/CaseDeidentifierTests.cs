using SurgicalNav.App.Cases;
using SurgicalNav.App.Server.Classroom;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Tests.Server.Classroom;

public sealed class CaseDeidentifierTests
{
    private static CaseDocument Doc(string name, string source, string uid, string target) => new(1, name, source,
        new VolumeInfo([2, 2, 2], [1, 1, 1], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1], uid, "CT", -1000, 1000),
        [new SegmentSummary(5, target, [1, 0, 0], 10, 0.01, 0)],
        new Plan([new PlanTarget(target, new(0, 0, 0), 5, 1)], [], 5, new Dictionary<string, double>()), "cpu", new Dictionary<string, double>());

    [Test]
    public void Case_NameSourceUidAndFreeText_ReplacedUidConsistent()
    {
        var d = new CaseDeidentifier();
        CaseDocument a = d.Case(Doc("MUSTERMANN_Max_884412", "/pacs/MUSTERMANN^MAX/19700401/CT", "1.2.826.0.1.3680043.2.1125.1", "tumour of Mustermann 19700401"));
        Assert.That(a.Name, Is.EqualTo(CaseDeidentifier.CaseName));
        Assert.That(a.Source, Is.EqualTo(CaseDeidentifier.SourceText));
        Assert.That(a.Volume.SeriesInstanceUid, Does.StartWith("2.25.").And.Not.Contain("3680043"));
        Assert.That(a.Volume.SeriesInstanceUid, Is.EqualTo(d.RemapUid("1.2.826.0.1.3680043.2.1125.1")), "the same UID maps the same within a session");
        Assert.That(a.Volume.SeriesInstanceUid, Is.Not.EqualTo(new CaseDeidentifier().RemapUid("1.2.826.0.1.3680043.2.1125.1")), "another session gets other UIDs");
        Assert.That(a.Segments[0].Name, Is.EqualTo("tumour of [removed] [date]"));
        Assert.That(a.Plan!.Targets[0].Name, Is.EqualTo(a.Segments[0].Name));
    }

    [TestCase("seen 2024-01-31 and 31.01.2024", "seen [date] and [date]")]
    [TestCase("by DOE^JANE in room 4", "by [name] in room 4")]
    [TestCase("liver", "liver")]
    [TestCase("tumor 1 #2", "tumor 1 #2")]
    public void Scrub_FreeText_PlaceholdersOnlyWhereIdentifying(string text, string expected) =>
        Assert.That(new CaseDeidentifier().Scrub(text), Is.EqualTo(expected));

    [Test]
    public void Glb_NotAGlb_InvalidDataNamingTheFile() =>
        Assert.That(() => new CaseDeidentifier().Glb("not a glb at all, just text"u8), Throws.TypeOf<InvalidDataException>().With.Message.Contains("anatomy.glb"));
}
