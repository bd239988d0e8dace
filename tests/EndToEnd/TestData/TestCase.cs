using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Planning;

namespace SurgicalNav.EndToEnd.Tests.TestData;

/// <summary>Creates the case folder the browser tests serve.</summary>
internal static class TestCase
{
    /// <summary>
    /// Writes a case into <paramref name="caseDirectory"/>. Today this is a hand-made case (case.json from the
    /// real CaseDocument record, anatomy.glb from <see cref="TestAnatomyGlb"/>). Once the pipeline is merged,
    /// the body becomes the single call
    /// <c>SurgicalNav.App.Program.Main(["demo", "--headless", "--json", "--size", "96x96x64", "--seed", "3", "--out", caseDirectory])</c>
    /// (assert it returns 0), which writes case.json, anatomy.glb, volume.nrrd and labels.seg.nrrd.
    /// </summary>
    public static void Create(string caseDirectory) => WriteHandMadeCase(caseDirectory);

    private static void WriteHandMadeCase(string caseDirectory)
    {
        Directory.CreateDirectory(caseDirectory);
        var body = new TestAnatomyGlb.Box("body", [0, 0, 0], [150, 100, 190], [0.87f, 0.72f, 0.62f]);
        var liver = new TestAnatomyGlb.Box("liver", [-60, 10, 40], [65, 50, 55], [0.62f, 0.26f, 0.22f]);
        TestAnatomyGlb.Write(Path.Combine(caseDirectory, "anatomy.glb"), [body, liver]);

        var tumourCentre = new Vec3(-55, 5, 45);
        var entry = new Vec3(-30, -100, 75);
        var plan = new Plan(
            Targets: [new PlanTarget("tumor 1", tumourCentre, RadiusMm: 12, VolumeMl: 7.2)],
            Trajectories:
            [
                new Trajectory("anterior", "tumor 1", entry, tumourCentre, Vec3.Distance(entry, tumourCentre),
                    new Dictionary<string, double> { ["vessels"] = 7.84, ["bone"] = 21.26 }, MeetsClearance: true),
                new Trajectory("lateral", "tumor 1", new Vec3(-150, 0, 50), tumourCentre, 95.1,
                    new Dictionary<string, double> { ["vessels"] = 2.1, ["bone"] = 4.0 }, MeetsClearance: false,
                    Warning: "passes 2.1 mm from vessels"),
            ],
            MarginMm: 5,
            RequiredClearanceMm: new Dictionary<string, double> { ["vessels"] = 3, ["bone"] = 2 });
        var doc = new CaseDocument(
            CaseDocument.CurrentFormatVersion,
            Name: "E2E test case",
            Source: "hand-made test data (SurgicalNav.EndToEnd.Tests)",
            Volume: new VolumeInfo([96, 96, 64], [3.2, 2.2, 6.0], [-153.6, -105.6, -192], [1, 0, 0, 0, 1, 0, 0, 0, 1],
                "2.25.1", "CT", -1024, 1500),
            Segments:
            [
                new SegmentSummary(1, "body", [0.87f, 0.72f, 0.62f], 400_000, 11_400, 12),
                new SegmentSummary(2, "liver", [0.62f, 0.26f, 0.22f], 60_000, 1_430, 12),
            ],
            Plan: plan,
            Device: "cpu",
            StageSeconds: new Dictionary<string, double> { ["phantom"] = 0.1 });
        File.WriteAllText(Path.Combine(caseDirectory, "case.json"), JsonSerializer.Serialize(doc, NavJson.Options));
    }
}
