using SurgicalNav.Imaging.Phantom;

namespace SurgicalNav.Imaging.Tests.Phantom;

public class PostAblationPhantomTests
{
    private static readonly PhantomOptions Clean = new(new Int3(96, 96, 72), Seed: 4, NoiseHu: 0);

    [Test]
    public void GeneratePostAblation_NoMotionZoneOutsideThePatient_SameVoxelsAsThePreOpScan()
    {
        PhantomResult pre = AbdomenPhantom.Generate(Clean);
        var none = new PostAblationOptions(Vec3.Zero, Vec3.Zero, new Vec3(0, 0, -500), new Vec3(0, 0, 1), 30, 30);

        PhantomResult post = AbdomenPhantom.GeneratePostAblation(Clean, none);

        Assert.That(post.Hounsfield.Data, Is.EqualTo(pre.Hounsfield.Data));
        Assert.That(post.Labels.Data, Is.EqualTo(pre.Labels.Data));
    }

    [Test]
    public void GeneratePostAblation_KnownMotion_AnatomyAppearsWhereTheMotionPutsIt()
    {
        PhantomResult pre = AbdomenPhantom.Generate(Clean);
        var post = new PostAblationOptions(new Vec3(6, -4, 5), new Vec3(3, -2, 4), new Vec3(0, 0, -500), new Vec3(0, 0, 1), 10, 10);

        PhantomResult moved = AbdomenPhantom.GeneratePostAblation(Clean, post);

        foreach ((string name, Vec3 p) in pre.Truth.SeedsMm)
        {
            Int3 before = pre.Labels.Geometry.NearestVoxel(p)!.Value, after = moved.Labels.Geometry.NearestVoxel(post.PreToPost(p))!.Value;
            Assert.That(moved.Labels[after.X, after.Y, after.Z], Is.EqualTo(pre.Labels[before.X, before.Y, before.Z]), name);
        }
        Assert.That((post.PostToPre(post.PreToPost(new Vec3(10, 20, 30))) - new Vec3(10, 20, 30)).Length, Is.LessThan(1e-9));
    }

    [Test]
    public void GeneratePostAblation_ZoneOverTumour_ZoneIs35HuBelowLiverAndRimAbove()
    {
        PhantomResult pre = AbdomenPhantom.Generate(Clean);
        PhantomTumor t = pre.Truth.Tumors[0];
        double r = t.RadiusMm + 5;
        var post = new PostAblationOptions(Vec3.Zero, Vec3.Zero, t.CenterMm, new Vec3(1, 0, 0), 2 * r, 2 * r, RimMm: 6);

        PhantomResult scan = AbdomenPhantom.GeneratePostAblation(Clean, post);

        Int3 centre = scan.Hounsfield.Geometry.NearestVoxel(t.CenterMm)!.Value;
        Assert.That(scan.Hounsfield[centre.X, centre.Y, centre.Z], Is.EqualTo(70).Within(1), "ablated tumour: liver 105 less 35 HU");
        short brightest = Enumerable.Range(0, 25).Select(n => t.CenterMm + new Vec3(0, 0, r + n * 0.25))
            .Select(p => scan.Hounsfield.Geometry.NearestVoxel(p)!.Value).Max(v => scan.Hounsfield[v.X, v.Y, v.Z]);
        // 140 HU where a voxel centre falls inside the 6 mm rim; at 4.2 mm voxels partial volume takes a few HU off.
        Assert.That(brightest, Is.InRange(125, 141), "rim: liver 105 plus 35 HU within 6 mm outside the zone");
    }
}
