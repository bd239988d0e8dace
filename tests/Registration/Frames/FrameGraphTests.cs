using SurgicalNav.Imaging;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.Registration.Tests.Frames;

public class FrameGraphTests
{
    private const long Ms = 1_000_000;

    private static readonly RigidTransform ReferenceToTracker = RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), 0.3, new Vec3(100, 20, -50));
    private static readonly RigidTransform NeedleToTracker = RigidTransform.FromAxisAngle(new Vec3(1, 1, 0), 0.7, new Vec3(-30, 60, 10));
    private static readonly RigidTransform ImageToReference = RigidTransform.FromAxisAngle(new Vec3(0, 1, 0), -0.4, new Vec3(5, -8, 200));

    /// <summary>The usual operating-room graph: tracker sees reference and needle; registration ties image to reference.</summary>
    private static FrameGraph OperatingRoom(long referenceNs = 1000 * Ms, long needleNs = 1000 * Ms)
    {
        var g = new FrameGraph();
        g.Set(FrameNames.Reference, FrameNames.Tracker, ReferenceToTracker, referenceNs);
        g.Set(FrameNames.Needle, FrameNames.Tracker, NeedleToTracker, needleNs);
        g.Set(FrameNames.Image, FrameNames.Reference, ImageToReference, 0, isStatic: true);
        g.Set(FrameNames.NeedleTip, FrameNames.Needle, new RigidTransform(Matrix3.Identity, new Vec3(0, 0, 150)), 0, isStatic: true);
        return g;
    }

    [Test]
    public void Resolve_TipToImage_ComposesAndInvertsAlongThePath()
    {
        FrameGraph g = OperatingRoom();

        FrameResolution r = g.Resolve(FrameNames.NeedleTip, FrameNames.Image);

        Vec3 tipInImage = r.Transform.Apply(Vec3.Zero);
        Vec3 expected = ImageToReference.Inverse().Apply(ReferenceToTracker.Inverse().Apply(NeedleToTracker.Apply(new Vec3(0, 0, 150))));
        Assert.Multiple(() =>
        {
            Assert.That(Vec3.Distance(tipInImage, expected), Is.LessThan(1e-9));
            Assert.That(r.Path, Is.EqualTo(new[] { "NeedleTip", "Needle", "Tracker", "Reference", "Image" }));
            Assert.That(r.IsValid, Is.True);
            Assert.That(r.OldestTimestampNs, Is.EqualTo(1000 * Ms));
        });
    }

    [Test]
    public void Resolve_BothDirections_AreInverses()
    {
        FrameGraph g = OperatingRoom();

        RigidTransform ab = g.Resolve("Needle", "Image").Transform, ba = g.Resolve("Image", "Needle").Transform;

        Synthetic.AssertClose(ab * ba, RigidTransform.Identity, 1e-12);
    }

    [Test]
    public void Resolve_EdgeOlderThanMaxAge_InvalidNamingTheEdge()
    {
        FrameGraph g = OperatingRoom(referenceNs: 1000 * Ms, needleNs: 700 * Ms);

        FrameResolution r = g.Resolve("NeedleTip", "Image", nowNs: 1000 * Ms, maxAgeNs: 200 * Ms);

        Assert.Multiple(() =>
        {
            Assert.That(r.IsValid, Is.False);
            Assert.That(r.InvalidReason, Does.Contain("Needle → Tracker").And.Contain("300 ms"));
            Assert.That(r.OldestTimestampNs, Is.EqualTo(700 * Ms));
        });
    }

    [Test]
    public void Resolve_StaticRegistrationOlderThanMaxAge_StillValid()
    {
        FrameGraph g = OperatingRoom();

        FrameResolution r = g.Resolve("Image", "Tracker", nowNs: 1100 * Ms, maxAgeNs: 200 * Ms);

        Assert.That(r.IsValid, Is.True, r.InvalidReason);
    }

    [Test]
    public void SetValidity_ToolMissing_PathInvalidButTransformKept()
    {
        FrameGraph g = OperatingRoom();

        g.SetValidity("Tracker", "Needle", valid: false);
        FrameResolution r = g.Resolve("NeedleTip", "Image");

        Assert.That(r.IsValid, Is.False);
        Assert.That(r.InvalidReason, Does.Contain("invalid"));
        Assert.That(g.Resolve("Reference", "Image").IsValid, Is.True, "edges off the needle's path stay valid");
    }

    [Test]
    public void Set_ReplacesExistingEdgeEvenInReverseDirection()
    {
        FrameGraph g = OperatingRoom();
        RigidTransform moved = RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), 0.1, new Vec3(1, 2, 3));

        g.Set("Tracker", "Needle", moved, 2000 * Ms);

        Synthetic.AssertClose(g.Resolve("Needle", "Tracker").Transform, moved.Inverse(), 1e-12);
        Assert.That(g.Edges, Has.Count.EqualTo(4));
    }

    [Test]
    public void Set_EdgeClosingALoop_ThrowsNamingThePath()
    {
        FrameGraph g = OperatingRoom();

        var e = Assert.Throws<FrameGraphException>(() => g.Set("Image", "Tracker", RigidTransform.Identity, 0));

        Assert.That(e!.Message, Does.Contain("loop").And.Contain("Image → Reference → Tracker"));
    }

    [Test]
    public void Resolve_NoPath_ThrowsSayingWhatIsMissing()
    {
        FrameGraph g = OperatingRoom();
        g.AddFrame(FrameNames.XrWorld);

        var e = Assert.Throws<FrameGraphException>(() => g.Resolve("XrWorld", "Image"));

        Assert.That(e!.Message, Does.Contain("no chain of transforms joins 'XrWorld' to 'Image'"));
    }

    [Test]
    public void Resolve_UnknownFrame_ThrowsListingKnownFrames()
    {
        var e = Assert.Throws<FrameGraphException>(() => OperatingRoom().Resolve("Stylus", "Image"));

        Assert.That(e!.Message, Does.Contain("unknown frame 'Stylus'").And.Contain("Reference"));
    }

    [Test]
    public void Json_RoundTrip_SameAnswersAndFlags()
    {
        FrameGraph g = OperatingRoom();
        g.SetValidity("Needle", "Tracker", false);
        g.AddFrame("Ultrasound");

        FrameGraph back = FrameGraph.FromJson(g.ToJson());

        Assert.That(back.Frames, Is.EquivalentTo(g.Frames));
        FrameResolution a = g.Resolve("NeedleTip", "Image"), b = back.Resolve("NeedleTip", "Image");
        Assert.That(b.Transform.ToRowMajor(), Is.EqualTo(a.Transform.ToRowMajor()));
        Assert.That(b.IsValid, Is.False);
        Assert.That(b.OldestTimestampNs, Is.EqualTo(a.OldestTimestampNs));
    }

    [Test]
    public void FromJson_DocumentWithLoop_Refused()
    {
        string json = OperatingRoom().ToJson();
        string looped = json.Replace("\"edges\": [", "\"edges\": [ { \"from\": \"Image\", \"to\": \"Tracker\", \"fromToTo\": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1], \"timestampNs\": 0 },", StringComparison.Ordinal);

        Assert.Throws<FrameGraphException>(() => FrameGraph.FromJson(looped));
    }

    [Test]
    public void FromJson_EdgeWithoutTransform_RefusedNamingEdgeAndField()
    {
        const string json = """{"frames": ["Tracker", "Image"], "edges": [{"from": "Tracker", "to": "Image", "timestampNs": 5}]}""";

        var e = Assert.Throws<FrameGraphException>(() => FrameGraph.FromJson(json));

        Assert.That(e!.Message, Does.Contain("edge 1").And.Contain("fromToTo"));
    }

    [Test]
    public void FromJson_EdgeWithoutName_RefusedNamingEdge()
    {
        const string json = """{"frames": [], "edges": [{"to": "Image", "fromToTo": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1], "timestampNs": 5}]}""";

        var e = Assert.Throws<FrameGraphException>(() => FrameGraph.FromJson(json));

        Assert.That(e!.Message, Does.Contain("edge 1").And.Contain("'from'"));
    }

    [Test]
    public void Json_RoundTrip_EdgesKeepNamesTransformTimestampValidityAndStatic()
    {
        FrameGraph g = OperatingRoom();
        g.SetValidity("Needle", "Tracker", false);

        FrameGraph back = FrameGraph.FromJson(g.ToJson());

        Assert.That(back.Edges.Select(e => (e.From, e.To, e.TimestampNs, e.Valid, e.Static, M: string.Join(",", e.FromToTo.ToRowMajor()))),
            Is.EquivalentTo(g.Edges.Select(e => (e.From, e.To, e.TimestampNs, e.Valid, e.Static, M: string.Join(",", e.FromToTo.ToRowMajor())))));
    }
}
