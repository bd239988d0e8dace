using SurgicalNav.Imaging;
using SurgicalNav.Planning.Volumetry;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests.Volumetry;

public class OrganVolumetryTests
{
    private const byte Liver = 4;
    private static readonly Vec3 Centre = new(40, 40, 40);
    private const double Radius = 30;

    private static LabelMap SphereLiver()
    {
        LabelMap map = PlanningScenes.Empty();
        PlanningScenes.Paint(map, p => (p - Centre).Length <= Radius, Liver);
        return map;
    }

    [Test]
    public void Volumes_SphereOf30Mm_Within1PercentOfFourThirdsPiRCubed()
    {
        double expected = 4.0 / 3 * Math.PI * Radius * Radius * Radius / 1000;
        Assert.That(OrganVolumetry.Volumes(SphereLiver())["liver"], Is.EqualTo(expected).Within(0.01 * expected));
    }

    [TestCase(0.0)]
    [TestCase(10.0)]
    [TestCase(-18.0)]
    public void CutPlane_SphereAtOffset_RemnantMatchesSphericalCapWithin1p5Percent(double offsetMm)
    {
        // Resected: the cap beyond x = centre + offset, height h = R - offset, volume pi h² (3R - h) / 3.
        double h = Radius - offsetMm;
        double whole = 4.0 / 3 * Math.PI * Math.Pow(Radius, 3), cap = Math.PI * h * h * (3 * Radius - h) / 3;
        double expectedPercent = 100 * (whole - cap) / whole;

        ResectionResult r = OrganVolumetry.CutPlane(SphereLiver(), "liver", Centre + new Vec3(offsetMm + 0.5, 0, 0), new Vec3(2, 0, 0));

        Assert.That(r.RemnantPercent, Is.EqualTo(expectedPercent).Within(1.5));
        Assert.That(r.RemnantMl + r.ResectedMl, Is.EqualTo(r.FunctionalMl).Within(1e-9));
        Assert.That(r.Describe(), Does.Contain("mL").And.Contain("%"));
    }

    [Test]
    public void CutPlane_BadInput_ClearMessages()
    {
        LabelMap map = SphereLiver();
        Assert.That(Assert.Throws<PlanningException>(() => OrganVolumetry.CutPlane(map, "liver", Centre, Vec3.Zero))!.Message, Does.Contain("normal is zero"));
        Assert.That(Assert.Throws<PlanningException>(() => OrganVolumetry.CutPlane(map, "spleen", Centre, new Vec3(1, 0, 0)))!.Message, Does.Contain("not in the label map"));
        Assert.That(Assert.Throws<PlanningException>(() => OrganVolumetry.CutPlane(map, "kidney", Centre, new Vec3(1, 0, 0)))!.Message, Does.Contain("no voxels"));
    }
}
