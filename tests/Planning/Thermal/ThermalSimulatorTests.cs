using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Planning.Ablation;
using SurgicalNav.Planning.Thermal;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Thermal;

public class ThermalSimulatorTests
{
    private static (LabelMap Map, PhantomTumor Tumor) VesselPhantom()
    {
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(200, 200, 150), Seed: 1, NoiseHu: 0, VesselTouchingTumor: true));
        return (new LabelMap(p.Labels, SegmentTable.Abdomen()), p.Truth.Tumors[0]);
    }

    private static ThermalResult Simulate(LabelMap map, PhantomTumor tumor, bool heatSink)
    {
        (AblationDevice device, AblationZoneRow row) = AblationDeviceTable.Load().Find(new DeviceSettings("generic-mwa-2450", 100, 600));
        // Anterior needle along +y, tip placed so that the table zone is centred on the tumour.
        Vec3 tip = tumor.CenterMm + new Vec3(0, 1, 0) * device.TipOffsetMm;
        Vec3 entry = tumor.CenterMm - new Vec3(0, 1, 0) * 90;
        using var cpu = new CpuBackend();
        return ThermalSimulator.Simulate(map, entry, tip, NeedleModel.Default, device, row, cpu, options: new ThermalOptions(VesselsAsHeatSink: heatSink));
    }

    [Test]
    public void Simulate_VesselTouchingTumour_LessNecrosisNearTheVesselThanTheTableZone()
    {
        (LabelMap map, PhantomTumor tumor) = VesselPhantom();

        ThermalResult sink = Simulate(map, tumor, heatSink: true);
        ThermalResult noSink = Simulate(map, tumor, heatSink: false);
        TestContext.Out.WriteLine("heat sink:    " + sink.Describe());
        TestContext.Out.WriteLine("no heat sink: " + noSink.Describe());

        Assert.Multiple(() =>
        {
            Assert.That(sink.ZoneNearVesselMl, Is.GreaterThan(0.5), "the table zone reaches the vessel");
            // The table ellipsoid predicts 100 % necrosis there; the vessel at 37 °C spares part of it.
            Assert.That(sink.NearVesselNecroticPercent, Is.LessThan(85));
            Assert.That(sink.NearVesselNecroticPercent, Is.LessThan(noSink.NearVesselNecroticPercent - 10), "the heat sink, not the tissue, spares it");
            Assert.That(sink.SparedInZoneMl, Is.GreaterThan(noSink.SparedInZoneMl));
            // Calibrated so that homogeneous liver gives the table volume: away from the vessel the twin agrees with the table.
            Assert.That(noSink.Dice, Is.GreaterThan(0.75));
            Assert.That(sink.NecrosisMl, Is.LessThan(noSink.NecrosisMl));
        });
    }

    [Test]
    public void Simulate_TipOutsideTheImage_ThrowsSayingWhatToDo()
    {
        (LabelMap map, _) = VesselPhantom();
        (AblationDevice device, AblationZoneRow row) = AblationDeviceTable.Load().Find(new DeviceSettings("generic-mwa-2450", 60, 300));
        using var cpu = new CpuBackend();
        var ex = Assert.Throws<PlanningException>(() => ThermalSimulator.Simulate(map, new Vec3(0, -500, 100), new Vec3(0, -450, 100), NeedleModel.Default, device, row, cpu));
        Assert.That(ex!.Message, Does.Contain("outside the image").And.Contain("re-plan"));
    }

    [Test]
    public void TissueTable_MissingBodyRow_ThrowsNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tissues-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"blood":{"densityKgPerM3":1050,"heatCapacityJPerKgK":3617},"arrhenius":{"frequencyFactorPerS":7.39e39,"activationEnergyJPerMol":257700},"tissues":[{"segment":"liver","conductivityWPerMK":0.52,"densityKgPerM3":1079,"heatCapacityJPerKgK":3540,"perfusionPerS":0.017,"illustrative":true,"source":"x"}]}""");
        try
        {
            var ex = Assert.Throws<PlanningException>(() => TissueTable.Load(path));
            Assert.That(ex!.Message, Does.Contain(path).And.Contain("'body'"));
        }
        finally { File.Delete(path); }
    }
}
