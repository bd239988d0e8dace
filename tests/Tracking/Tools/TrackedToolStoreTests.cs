using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tests.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Tools;

public class TrackedToolStoreTests
{
    private static void Feed(TrackedToolStore store, ReadOnlySpan<byte> message, long receiverNs)
    {
        var parser = new IgtlStreamParser(new IgtlOptions(), new IgtlCounters(), "test", m => store.Handle(null, m));
        message.CopyTo(parser.FreeSpace());
        parser.Advance(message.Length, receiverNs);
    }

    [Test]
    public void IsValid_SampleAge_InvalidPast200Ms()
    {
        var store = new TrackedToolStore();
        const long t0 = 1_000_000_000_000;
        Feed(store, new IgtlMessageBuilder().Transform("Stylus", RigidPose.Identity, t0 - 5_000_000), t0);
        Assert.That(store.IsValid("Stylus", t0 + 199_000_000), Is.True);
        Assert.That(store.IsValid("Stylus", t0 + 201_000_000), Is.False);
        TrackedSample s = store.Get("Stylus")!.Latest;
        Assert.That(s.ReceiverTimestampNs, Is.EqualTo(t0));
        Assert.That(s.SenderTimestampNs, Is.EqualTo(t0 - 5_000_000).Within(1));
        Assert.That(store.IsValid("Never", t0), Is.False);
    }

    [Test]
    public void IsValid_ConfiguredMaxAge_Respected()
    {
        var store = new TrackedToolStore(TimeSpan.FromMilliseconds(50));
        Feed(store, new IgtlMessageBuilder().Transform("Stylus", RigidPose.Identity, 1), 1_000_000_000);
        Assert.That(store.IsValid("Stylus", 1_049_000_000), Is.True);
        Assert.That(store.IsValid("Stylus", 1_051_000_000), Is.False);
    }

    [Test]
    public void Status_NotPresent_MarksMissingUntilNextPose()
    {
        var store = new TrackedToolStore();
        var b = new IgtlMessageBuilder();
        Feed(store, b.Transform("Needle", RigidPose.Identity, 1), 1_000);
        Feed(store, b.Status("Needle", 16, 0, "NOT_PRESENT", "occluded", 2), 2_000);
        Assert.That(store.IsValid("Needle", 3_000), Is.False);
        Assert.That(store.Get("Needle")!.Latest.Reason, Does.Contain("16"));
        Feed(store, b.Transform("Needle", RigidPose.Identity, 3), 4_000);
        Assert.That(store.IsValid("Needle", 5_000), Is.True);
    }

    [Test]
    public void Transform_V2MetadataInvalid_MarksMissing()
    {
        var store = new TrackedToolStore();
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.None, IgtlDataType.Transform, "Needle", 1, headerVersion: 2);
        IgtlBody.WriteMatrix(b.Content(48), RigidPose.Identity);
        b.Advance(48);
        b.AddMetadata("TransformStatus", "INVALID");
        Feed(store, b.Finish(), 1_000);
        Assert.That(store.IsValid("Needle", 1_000), Is.False);
    }

    [Test]
    public void TData_ZeroRotationElement_MarksThatToolMissingOnly()
    {
        var store = new TrackedToolStore();
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.None, IgtlDataType.TData, "Tracker", 1);
        IgtlBody.WriteTDataElement(b.Content(70), "Stylus", 2, RigidPose.Identity);
        b.Advance(70);
        IgtlBody.WriteTDataElement(b.Content(70), "Needle", 2, new RigidPose());
        b.Advance(70);
        Feed(store, b.Finish(), 1_000);
        Assert.That(store.IsValid("Stylus", 1_000), Is.True);
        Assert.That(store.IsValid("Needle", 1_000), Is.False);
    }

    [Test]
    public void QtData_Quaternion_PoseRotationMatches()
    {
        var store = new TrackedToolStore();
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.None, IgtlDataType.QtData, "Tracker", 1);
        float h = MathF.Sqrt(0.5f);
        IgtlBody.WriteQtDataElement(b.Content(50), "Stylus", 2, [10, 20, 30, 0, 0, h, h]);
        b.Advance(50);
        Feed(store, b.Finish(), 1_000);
        RigidPose p = store.Get("Stylus")!.Latest.Pose;
        Assert.That(p.R(0, 1), Is.EqualTo(-1).Within(1e-6), "90 degrees about z: x' = -y");
        Assert.That(p.R(1, 0), Is.EqualTo(1).Within(1e-6));
        Assert.That((p.XMm, p.YMm, p.ZMm), Is.EqualTo((10f, 20f, 30f)));
        var q = p.ToQuaternion();
        Assert.That(q.Z, Is.EqualTo(h).Within(1e-6));
    }

    [Test]
    public void Position_ParsedThroughCodec_StoresPose()
    {
        var store = new TrackedToolStore();
        Feed(store, new IgtlMessageBuilder().Position("Pointer", [1, 2, 3, 0, 0, 0, 1], 1), 1_000);
        Assert.That(store.Get("Pointer")!.Latest.Pose.ZMm, Is.EqualTo(3f));
        _ = CodecTests.ParseOne(new IgtlMessageBuilder().Position("P", [1, 2, 3, 0, 0, 0, 1], 1).ToArray(), out _);
    }
}
