using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Tools;

public class TrackerFrameFeedTests
{
    private const long T0 = 1_000_000_000_000;

    private static void Feed(TrackedToolStore store, ReadOnlySpan<byte> message, long receiverNs)
    {
        var parser = new IgtlStreamParser(new IgtlOptions(), new IgtlCounters(), "test", m => store.Handle(null, m));
        message.CopyTo(parser.FreeSpace());
        parser.Advance(message.Length, receiverNs);
    }

    private static (TrackedToolStore Store, FrameGraph Graph) Registered()
    {
        var store = new TrackedToolStore();
        var graph = new FrameGraph();
        graph.Set("Tracker", "Image", RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), Math.PI / 2, new Vec3(0, 0, 1000)), 0, isStatic: true);
        _ = new TrackerFrameFeed(store, graph);
        return (store, graph);
    }

    [Test]
    public void Transform_NeedleSample_EdgeComposesIntoImageAndAgesOutAfter200Ms()
    {
        var (store, graph) = Registered();
        RigidPose pose = RigidPose.FromQuaternion(10, 20, -990, 0, 0, 0, 1);

        Feed(store, new IgtlMessageBuilder().Transform("Needle", pose, T0 - 1_000_000), T0);

        FrameResolution fresh = graph.Resolve("Needle", "Image", T0 + 150_000_000, store.MaxAgeNs);
        FrameResolution stale = graph.Resolve("Needle", "Image", T0 + 201_000_000, store.MaxAgeNs);
        Vec3 tip = fresh.Transform.Apply(Vec3.Zero);
        Assert.That(fresh.IsValid, Is.True, fresh.InvalidReason);
        Assert.That(Vec3.Distance(tip, new Vec3(-20, 10, 10)), Is.LessThan(1e-4), "Tracker (10, 20, -990) turned a quarter about z, lifted 1000 mm");
        Assert.That(fresh.OldestTimestampNs, Is.EqualTo(T0), "stamped with the receiver's clock");
        Assert.That(stale.IsValid, Is.False);
        Assert.That(stale.InvalidReason, Does.Contain("Needle → Tracker").And.Contain("ms old"));
    }

    [Test]
    public void Status_ToolNotPresent_EdgeInvalidKeepingLastPose()
    {
        var (store, graph) = Registered();
        Feed(store, new IgtlMessageBuilder().Transform("Needle", RigidPose.FromQuaternion(1, 2, 3, 0, 0, 0, 1), T0), T0);

        Feed(store, new IgtlMessageBuilder().Status("Needle", 16, 0, "NOT_PRESENT", "markers not visible", T0 + 4_000_000), T0 + 4_000_000);

        FrameResolution r = graph.Resolve("Needle", "Tracker", T0 + 5_000_000, store.MaxAgeNs);
        Assert.That(r.IsValid, Is.False);
        Assert.That(r.InvalidReason, Does.Contain("invalid"));
        Assert.That(r.Transform.Translation.X, Is.EqualTo(1).Within(1e-6), "the last seen pose stays for display, flagged invalid");
    }
}
