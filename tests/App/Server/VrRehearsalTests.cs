using SurgicalNav.App.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;
using SurgicalNav.Planning.Ablation;

namespace SurgicalNav.App.Tests.Server;

/// <summary>What a rehearsal plays: the chosen path, the device table's zone and a simulation that still fits.</summary>
public sealed class VrRehearsalTests
{
    private static readonly Vec3 Entry = new(0, -80, 30), Tip = new(0, 0, 30);
    private static readonly NeedleModel Needle = NeedleModel.Default;

    [Test]
    public void FromPlan_NeedleWithSettings_ZoneFromTheDeviceTableCentredBackFromTheTip()
    {
        var settings = new DeviceSettings("generic-mwa-2450", 100, 600);
        var plan = Plan(new PlannedNeedle("needle 1", "tumor 1", Entry, Tip, Needle, settings));
        string dir = Directory.CreateTempSubdirectory("surgicalnav-rehearsal-").FullName;
        try
        {
            VrRehearsal r = VrRehearsal.FromPlan(plan, dir, () => AblationDeviceTable.Load()).Single();
            Assert.That(r.Zone, Is.Not.Null);
            Assert.That(r.Zone!.LengthMm, Is.EqualTo(45));
            Assert.That(r.Zone.DiameterMm, Is.EqualTo(35));
            Assert.That(Vec3.Distance(r.Zone.CenterMm, new Vec3(0, -10, 30)), Is.LessThan(1e-9), "10 mm back from the tip along the needle");
            Assert.That(r.ZoneNote, Does.Contain("illustrative"));
            Assert.That(r.NecrosisMesh, Is.Null);
            Assert.That(r.NecrosisNote, Does.Contain("simulate CASE --needle 1"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void FromPlan_SimulationOfAnEarlierPath_IsNotShownAndSaysToSimulateAgain()
    {
        var settings = new DeviceSettings("generic-mwa-2450", 60, 300);
        // The user accepted a new path in VR: the chosen trajectory moved 5 mm, the simulated needle did not.
        var moved = new Trajectory("manual", "tumor 1", Entry + new Vec3(5, 0, 0), Tip, 80, new Dictionary<string, double>(), true);
        var plan = Plan(new PlannedNeedle("needle 1", "tumor 1", Entry, Tip, Needle, settings)) with { Trajectories = [moved] };
        string dir = Directory.CreateTempSubdirectory("surgicalnav-rehearsal-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "simulation"));
            File.WriteAllBytes(VrRehearsal.NecrosisFile(dir, 1), [1, 2, 3]);
            VrRehearsal r = VrRehearsal.FromPlan(plan, dir, () => AblationDeviceTable.Load()).Single();
            Assert.That(r.EntryMm, Is.EqualTo(moved.EntryMm), "the rehearsal plays the chosen path");
            Assert.That(r.NecrosisMesh, Is.Null);
            Assert.That(r.NecrosisNote, Does.Contain("earlier path"));

            VrRehearsal same = VrRehearsal.FromPlan(plan with { Trajectories = [] }, dir, () => AblationDeviceTable.Load()).Single();
            Assert.That(same.NecrosisMesh, Is.EqualTo("api/case/simulation/1/necrosis.glb"));
            Assert.That(same.NecrosisMl, Is.Null, "no summary JSON: the mesh is shown without a volume");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void FromPlan_UnknownDevice_NoZoneAndTheTablesErrorAsTheNote()
    {
        var plan = Plan(new PlannedNeedle("needle 1", "tumor 1", Entry, Tip, Needle, new DeviceSettings("no-such-device", 60, 300)));
        VrRehearsal r = VrRehearsal.FromPlan(plan, Path.GetTempPath(), () => AblationDeviceTable.Load()).Single();
        Assert.That(r.Zone, Is.Null);
        Assert.That(r.ZoneNote, Does.Contain("unknown ablation device 'no-such-device'"));
    }

    [Test]
    public void FromPlan_ChosenPathToAManualTarget_ComesFirstWithoutAZoneThenTheNeedles()
    {
        var settings = new DeviceSettings("generic-mwa-2450", 60, 300);
        var manual = new Trajectory("manual", "manual", new Vec3(10, -80, 30), new Vec3(10, 0, 30), 80, new Dictionary<string, double>(), true);
        var plan = Plan(new PlannedNeedle("needle 1", "tumor 1", Entry, Tip, Needle, settings)) with { Trajectories = [manual] };
        var all = VrRehearsal.FromPlan(plan, Path.GetTempPath(), () => AblationDeviceTable.Load());
        Assert.That(all.Select(r => r.Target), Is.EqualTo(new[] { "manual", "tumor 1" }));
        Assert.That(all[0].TargetMm, Is.EqualTo(manual.TargetMm));
        Assert.That(all[0].Zone, Is.Null);
        Assert.That(all[1].Zone, Is.Not.Null, "the needle keeps its zone along its own path");
    }

    [Test]
    public void FromPlan_NoPlan_NothingToRehearse() =>
        Assert.That(VrRehearsal.FromPlan(null, Path.GetTempPath(), () => throw new AssertionException("the table is not needed")), Is.Empty);

    private static Plan Plan(PlannedNeedle needle) =>
        new([new PlanTarget("tumor 1", Tip, 10, 4.2)], [], 5, new Dictionary<string, double>(), [needle]);
}
