using SurgicalNav.Imaging;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Ablation;

public class AblationCoverageTests
{
    private static (LabelMap Map, Volume<byte> Tumor) SphereTumor(double radiusMm)
    {
        LabelMap map = PlanningScenes.Empty();
        PlanningScenes.Paint(map, p => (p - PlanningScenes.BodyCenter).Length <= PlanningScenes.BodyRadius, PlanningScenes.Body);
        PlanningScenes.Paint(map, p => (p - PlanningScenes.BodyCenter).Length <= radiusMm, PlanningScenes.Tumor);
        return (map, map.MaskOf(PlanningScenes.Tumor));
    }

    [Test]
    public void Evaluate_CentredEllipsoid_FullCoverageAnalyticMarginAndHealthyVolume()
    {
        (LabelMap map, Volume<byte> tumor) = SphereTumor(10);
        var zone = new AblationZone(PlanningScenes.BodyCenter, new Vec3(0, 0, 1), 40, 30);

        CoverageReport r = AblationCoverage.Evaluate(map, tumor, [zone], 5);

        double healthyMl = (zone.VolumeMl * 1000 - 4.0 / 3 * Math.PI * 1000) / 1000; // 18.85 - 4.19 = 14.66 mL
        Assert.Multiple(() =>
        {
            Assert.That(r.TumorCoveragePercent, Is.EqualTo(100).Within(1e-9));
            Assert.That(r.MinimalMarginMm, Is.EqualTo(15 - 10).Within(1.0), "semi-diameter 15 mm less radius 10 mm, within one voxel");
            Assert.That(r.HealthyAblatedMl, Is.EqualTo(healthyMl).Within(healthyMl * 0.05));
        });
    }

    [Test]
    public void Evaluate_ZoneShiftedByTumourRadius_HalfCoveredNegativeMargin()
    {
        (LabelMap map, Volume<byte> tumor) = SphereTumor(10);
        // A sphere-shaped zone of radius 30 mm centred 30 mm to +x: its boundary passes through the tumour centre (almost a plane there).
        var zone = new AblationZone(PlanningScenes.BodyCenter + new Vec3(30, 0, 0), new Vec3(0, 0, 1), 60, 60);

        CoverageReport r = AblationCoverage.Evaluate(map, tumor, [zone], 5);

        Assert.That(r.TumorCoveragePercent, Is.EqualTo(50).Within(8));
        Assert.That(r.MinimalMarginMm, Is.EqualTo(-10).Within(1.5), "the far side of the tumour is 10 mm outside the zone");
        Assert.That(r.MeetsMargin, Is.False);
    }

    [Test]
    public void SuggestOverlapping_TumourTooLargeForOneZone_SeveralZonesReachFullCoverage()
    {
        (LabelMap map, Volume<byte> tumor) = SphereTumor(16);
        var template = new AblationZone(Vec3.Zero, new Vec3(0, 0, 1), 38, 28);
        CoverageReport single = AblationCoverage.Evaluate(map, tumor, [template.At(PlanningScenes.BodyCenter)], 5);

        IReadOnlyList<AblationZone> zones = AblationCoverage.SuggestOverlapping(tumor, template, 0);
        CoverageReport many = AblationCoverage.Evaluate(map, tumor, zones, 0);

        Assert.That(single.TumorCoveragePercent, Is.LessThan(95), "one 28 mm wide zone cannot cover a 32 mm tumour");
        Assert.That(zones.Count, Is.InRange(2, 8));
        Assert.That(many.TumorCoveragePercent, Is.GreaterThanOrEqualTo(98));
    }

    [Test]
    public void DeviceTable_Shipped_EveryRowHasASourceAndIsMarkedIllustrative()
    {
        AblationDeviceTable table = AblationDeviceTable.Load();
        Assert.That(table.Devices, Is.Not.Empty);
        Assert.That(table.Devices.SelectMany(d => d.Rows).All(r => r.Illustrative && r.Source.Length > 20), Is.True);
    }

    [Test]
    public void DeviceTable_UnknownDeviceOrSettingsOutsideTable_ErrorNamesWhatExists()
    {
        AblationDeviceTable table = AblationDeviceTable.Load();
        string device = table.Devices[0].Name;
        var unknown = Assert.Throws<PlanningException>(() => table.Find(new DeviceSettings("nope", 60, 300)));
        var outside = Assert.Throws<PlanningException>(() => table.Find(new DeviceSettings(device, 999, 300)));
        Assert.That(unknown!.Message, Does.Contain("unknown ablation device 'nope'").And.Contain(device));
        Assert.That(outside!.Message, Does.Contain("no zone for 999 W").And.Contain("not extrapolated"));
    }

    [Test]
    public void DeviceTable_TruncatedFile_ErrorNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"devices-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"devices\": [ {\"name\": \"x\", ");
        try
        {
            var ex = Assert.Throws<PlanningException>(() => AblationDeviceTable.Load(path));
            Assert.That(ex!.Message, Does.Contain(path).And.Contain("not valid JSON"));
        }
        finally { File.Delete(path); }
    }
}
