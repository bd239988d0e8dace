using System.Text;
using SurgicalNav.App.Server.Classroom;

namespace SurgicalNav.App.Tests.Server.Classroom;

public sealed class ClassroomMessagesTests
{
    private static readonly IReadOnlySet<string> Segments = new HashSet<string> { "liver", "vessels" };

    private static ClassroomCommand? Parse(string json) => ClassroomMessages.TryParse(Encoding.UTF8.GetBytes(json), Segments);

    [Test]
    public void TryParse_Camera_KeepsPointsAndNormalisesUp()
    {
        var c = Parse("""{"type":"camera","positionMm":[0,-400,100],"targetMm":[0,0,100],"upUnit":[0,0,2],"t":12.5}""");
        Assert.That(c, Is.Not.Null);
        Assert.That(c!.Kind, Is.EqualTo("camera"));
        Assert.That(c.State!["upUnit"]![2]!.GetValue<double>(), Is.EqualTo(1).Within(1e-12));
        Assert.That(c.State["t"]!.GetValue<double>(), Is.EqualTo(12.5));
    }

    [Test]
    public void TryParse_VisibilityOfKnownSegment_Accepted()
    {
        var c = Parse("""{"type":"visibility","segment":"liver","visible":false}""");
        Assert.That(c!.State!["segment"]!.GetValue<string>(), Is.EqualTo("liver"));
        Assert.That(c.State["visible"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void TryParse_PointerWithoutHit_KeepsNull()
    {
        var c = Parse("""{"type":"pointer","originMm":[1,2,3],"pointMm":null}""");
        Assert.That(c, Is.Not.Null);
        Assert.That(c!.State!.ContainsKey("pointMm") && c.State["pointMm"] is null, Is.True);
    }

    [Test]
    public void TryParse_Placement_KeepsRoomPositionAndScaleAndNormalisesRotation()
    {
        var c = Parse("""{"type":"placement","positionRoomMm":[-12.5,1300,-1000],"rotationXyzw":[0,0.7072,0,0.7072],"scale":2.5,"t":3}""");
        Assert.That(c, Is.Not.Null);
        Assert.That(c!.Kind, Is.EqualTo("placement"));
        Assert.That(c.State!["positionRoomMm"]![1]!.GetValue<double>(), Is.EqualTo(1300));
        Assert.That(c.State["rotationXyzw"]![1]!.GetValue<double>(), Is.EqualTo(Math.Sqrt(0.5)).Within(1e-12), "normalised");
        Assert.That(c.State["scale"]!.GetValue<double>(), Is.EqualTo(2.5));
    }

    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,1],"scale":1}""", TestName = "TryParse_PlacementThreeComponentRotation_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,0],"scale":1}""", TestName = "TryParse_PlacementZeroRotation_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,5],"scale":1}""", TestName = "TryParse_PlacementNonUnitRotation_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":0}""", TestName = "TryParse_PlacementZeroScale_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":1e6}""", TestName = "TryParse_PlacementHugeScale_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":"2"}""", TestName = "TryParse_PlacementScaleNotNumber_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1]}""", TestName = "TryParse_PlacementWithoutScale_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1e300,-1000],"rotationXyzw":[0,0,0,1],"scale":1}""", TestName = "TryParse_PlacementOutOfRoom_Null")]
    [TestCase("""{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":1,"matrix":[1]}""", TestName = "TryParse_PlacementUnknownField_Null")]
    [TestCase("""{"type":"pointer","originMm":[0,0,0],"pointMm":[0,"x",0]}""", TestName = "TryParse_PointerHitNotNumbers_Null")]
    [TestCase("""{"type":"clipping","enabled":true,"pointMm":[0,0,0],"normal":[0,0,0]}""", TestName = "TryParse_ClippingZeroNormal_Null")]
    [TestCase("", TestName = "TryParse_Empty_Null")]
    [TestCase("not json", TestName = "TryParse_NotJson_Null")]
    [TestCase("[1,2,3]", TestName = "TryParse_Array_Null")]
    [TestCase("""{"type":"camera","positionMm":[0,0],"targetMm":[0,0,0],"upUnit":[0,0,1]}""", TestName = "TryParse_TwoComponentPoint_Null")]
    [TestCase("""{"type":"camera","positionMm":[0,0,1e9],"targetMm":[0,0,0],"upUnit":[0,0,1]}""", TestName = "TryParse_PointOutOfRoom_Null")]
    [TestCase("""{"type":"camera","positionMm":[0,0,0],"targetMm":[0,0,0],"upUnit":[0,0,0]}""", TestName = "TryParse_ZeroUp_Null")]
    [TestCase("""{"type":"camera","positionMm":[0,0,0],"targetMm":[0,0,0],"upUnit":[0,0,1],"extra":1}""", TestName = "TryParse_UnknownField_Null")]
    [TestCase("""{"type":"visibility","segment":"spleen","visible":true}""", TestName = "TryParse_UnknownSegment_Null")]
    [TestCase("""{"type":"visibility","segment":"liver","visible":"yes"}""", TestName = "TryParse_VisibleNotBool_Null")]
    [TestCase("""{"type":"clipping","enabled":true,"pointMm":[0,0,0],"normal":["a",0,1]}""", TestName = "TryParse_NormalNotNumbers_Null")]
    [TestCase("""{"type":"control","to":-3}""", TestName = "TryParse_NegativeControlTarget_Null")]
    [TestCase("""{"type":"ping"}""", TestName = "TryParse_PingWithoutT_Null")]
    [TestCase("""{"type":"shell","cmd":"rm -rf /"}""", TestName = "TryParse_UnknownType_Null")]
    [TestCase("""{"type":"labels","shown":true,"t":[[[[1]]]]}""", TestName = "TryParse_TooDeep_Null")]
    public void TryParse_Malformed_Null(string json) => Assert.That(Parse(json), Is.Null);

    [Test]
    public void TryParse_Oversized_Null()
    {
        string json = """{"type":"labels","shown":true,"t":1""" + new string(' ', ClassroomMessages.MaxBytes) + "}";
        Assert.That(Parse(json), Is.Null);
    }

    [Test]
    public void TryParse_InvalidUtf8_Null() =>
        Assert.That(ClassroomMessages.TryParse([0x7B, 0xFF, 0xFE, 0x7D], Segments), Is.Null);
}
