using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SurgicalNav.App.Server;

namespace SurgicalNav.App.Tests.Server.Classroom;

/// <summary>A classroom over a real server and real sockets: start, join, share, control, and hostile clients.</summary>
public sealed class ClassroomServerTests
{
    private string _case = "";
    private RunningServer _server = null!;
    private HttpClient _http = null!;
    private readonly List<ClassroomSocket> _sockets = [];

    [SetUp]
    public async Task Start()
    {
        _case = SyntheticCase.Create();
        var doc = SurgicalNav.App.Cases.CaseStore.Load(_case);
        SurgicalNav.App.Cases.CaseStore.Save(_case, doc with
        {
            Segments = [new(1, "body", [0.9f, 0.8f, 0.7f], 1000, 8, 0), new(3, "vessels", [0.8f, 0.1f, 0.1f], 100, 0.8, 0)],
        });
        _server = await CaseServer.StartAsync(new CaseServerOptions(_case, Port: 0), CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [TearDown]
    public async Task Stop()
    {
        foreach (ClassroomSocket socket in _sockets) socket.Dispose();
        _sockets.Clear();
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_case, recursive: true);
    }

    private async Task<(string Code, string TeacherKey)> StartSessionAsync()
    {
        using var response = await _http.PostAsync("/api/classroom", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("code").GetString()!, doc.RootElement.GetProperty("teacherKey").GetString()!);
    }

    private async Task<(HttpStatusCode Status, string? Key, long Id)> JoinAsync(string code)
    {
        using var response = await _http.PostAsync("/classroom/join", new StringContent(JsonSerializer.Serialize(new { code, name = "Ann" }), Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, null, 0);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.GetProperty("key").GetString(), doc.RootElement.GetProperty("clientId").GetInt64());
    }

    [Test]
    public async Task Join_WrongCode_401AndFifthFailureLocksOut()
    {
        (string code, _) = await StartSessionAsync();
        string wrong = code[0] == 'A' ? "B" + code[1..] : "A" + code[1..];
        for (int i = 0; i < 5; i++) Assert.That((await JoinAsync(wrong)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await JoinAsync(code)).Status, Is.EqualTo((HttpStatusCode)429), "the right code after 5 failures in a minute is still locked out");
    }

    [Test]
    public async Task StudentEndpoints_NoKey_401()
    {
        await StartSessionAsync();
        foreach (string path in new[] { "/classroom/case", "/classroom/anatomy.glb", "/classroom/ws" })
        {
            using var response = await _http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }
    }

    [Test]
    public async Task TeacherVisibility_TwoStudents_BothReceiveWithin500Ms()
    {
        (string code, string teacherKey) = await StartSessionAsync();
        (_, string? k1, _) = await JoinAsync(code);
        (_, string? k2, _) = await JoinAsync(code.ToLowerInvariant());
        using var teacher = await ClassroomSocket.ConnectAsync(_server.Url, teacherKey);
        using var s1 = await ClassroomSocket.ConnectAsync(_server.Url, k1!);
        using var s2 = await ClassroomSocket.ConnectAsync(_server.Url, k2!);
        foreach (var s in new[] { teacher, s1, s2 }) (await s.ReceiveAsync("welcome")).Dispose();

        var clock = Stopwatch.StartNew();
        await teacher.SendAsync("""{"type":"visibility","segment":"vessels","visible":false}""");
        foreach (var s in new[] { s1, s2 })
        {
            using var change = await s.ReceiveAsync("state");
            Assert.That(change.RootElement.GetProperty("kind").GetString(), Is.EqualTo("visibility"));
            Assert.That(change.RootElement.GetProperty("segment").GetString(), Is.EqualTo("vessels"));
            Assert.That(change.RootElement.GetProperty("visible").GetBoolean(), Is.False);
        }
        Assert.That(clock.ElapsedMilliseconds, Is.LessThan(500), "fan-out to two students on loopback");

        // A late joiner gets the state in its welcome.
        (_, string? k3, _) = await JoinAsync(code);
        using var late = await ClassroomSocket.ConnectAsync(_server.Url, k3!);
        using var welcome = await late.ReceiveAsync("welcome");
        Assert.That(welcome.RootElement.GetProperty("state").GetProperty("visibility").GetProperty("vessels").GetBoolean(), Is.False);
    }

    [Test]
    public async Task StudentState_WithoutControlDroppedWithControlShared()
    {
        (string code, string teacherKey) = await StartSessionAsync();
        (_, string? key, long studentId) = await JoinAsync(code);
        using var teacher = await ClassroomSocket.ConnectAsync(_server.Url, teacherKey);
        using var student = await ClassroomSocket.ConnectAsync(_server.Url, key!);
        (await teacher.ReceiveAsync("welcome")).Dispose();
        (await student.ReceiveAsync("welcome")).Dispose();

        const string clip = """{"type":"clipping","enabled":true,"pointMm":[0,0,30],"normal":[0,0,1]}""";
        await student.SendAsync(clip);
        await student.SendAsync("""{"type":"control","to":2}"""); // only the teacher may hand control
        await WaitForAsync(() => _server.Classroom.Current!.Stats().NotAllowed >= 2);

        await teacher.SendAsync($$"""{"type":"control","to":{{studentId}}}""");
        using (var control = await student.ReceiveAsync("control"))
            Assert.That(control.RootElement.GetProperty("controller").GetInt64(), Is.EqualTo(studentId));
        await student.SendAsync(clip);
        using var change = await teacher.ReceiveAsync("state");
        Assert.That(change.RootElement.GetProperty("kind").GetString(), Is.EqualTo("clipping"));
        Assert.That(change.RootElement.GetProperty("from").GetInt64(), Is.EqualTo(studentId));
    }

    /// <summary>A session with its teacher and one student connected, both past their welcome (closed at tear-down).</summary>
    private async Task<(string Code, ClassroomSocket Teacher, ClassroomSocket Student)> TeacherAndStudentAsync()
    {
        (string code, string teacherKey) = await StartSessionAsync();
        (_, string? key, _) = await JoinAsync(code);
        var teacher = await ClassroomSocket.ConnectAsync(_server.Url, teacherKey);
        var student = await ClassroomSocket.ConnectAsync(_server.Url, key!);
        _sockets.Add(teacher);
        _sockets.Add(student);
        (await teacher.ReceiveAsync("welcome")).Dispose();
        (await student.ReceiveAsync("welcome")).Dispose();
        return (code, teacher, student);
    }

    [Test]
    public async Task HostileClient_MalformedAndFlooding_CountedAndServerStaysUp()
    {
        (_, ClassroomSocket teacher, ClassroomSocket student) = await TeacherAndStudentAsync();

        await teacher.SendAsync("{\"type\":");
        await teacher.SendBytesAsync([0xFF, 0x00, 0x13], WebSocketMessageType.Binary);
        await teacher.SendAsync(new string('x', 100_000));
        await teacher.SendAsync("""{"type":"visibility","segment":"../../etc/passwd","visible":true}""");
        await WaitForAsync(() => _server.Classroom.Current!.Stats().Malformed >= 4);

        for (int i = 0; i < 2000; i++) await teacher.SendAsync("""{"type":"labels","shown":true}""");
        await WaitForAsync(() => _server.Classroom.Current!.Stats().RateLimited > 0);

        await Task.Delay(1100); // the bucket refills
        await teacher.SendAsync("""{"type":"ping","t":42}""");
        using var pong = await teacher.ReceiveAsync("pong");
        Assert.That(pong.RootElement.GetProperty("t").GetDouble(), Is.EqualTo(42));
        Assert.That(student.State, Is.EqualTo(WebSocketState.Open));
        Assert.That((await _http.GetAsync("/api/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task HeadsetMessages_MalformedDroppedAndCountedValidPlacementSharedAndKeptForLateJoiners()
    {
        (string code, ClassroomSocket teacher, ClassroomSocket student) = await TeacherAndStudentAsync();

        // What a broken or hostile headset client could send as placement, laser pointer or controller clipping plane.
        string[] malformed =
        [
            """{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":0}""",
            """{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":1e9}""",
            """{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,3,1],"scale":1}""",
            """{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,1],"scale":1}""",
            """{"type":"placement","positionRoomMm":[0,13000000,-1000],"rotationXyzw":[0,0,0,1],"scale":1}""",
            """{"type":"placement","positionRoomMm":"here","rotationXyzw":[0,0,0,1],"scale":1}""",
            """{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":1,"parent":"scene"}""",
            """{"type":"pointer","originMm":[0,0,0],"pointMm":[1e12,0,0]}""",
            """{"type":"clipping","enabled":"yes","pointMm":[0,0,0],"normal":[0,0,1]}""",
            """{"type":"placement","positionRoomMm":[0,1300,-1000],"rotationXyzw":[0,0,0,1],"scale":1,"t":1""" + new string(' ', 3000) + "}",
        ];
        foreach (string m in malformed) await teacher.SendAsync(m);
        await WaitForAsync(() => _server.Classroom.Current!.Stats().Malformed >= malformed.Length);
        Assert.That(_server.Classroom.Current!.Stats().Malformed, Is.EqualTo(malformed.Length), "each malformed message counted once");
        Assert.That(_server.Classroom.Current.Stats().Changes, Is.Zero, "none of them changed the shared state");

        await teacher.SendAsync("""{"type":"placement","positionRoomMm":[10,1250,-900],"rotationXyzw":[0,0.38268343,0,0.92387953],"scale":1.5}""");
        using (var change = await student.ReceiveAsync("state"))
        {
            Assert.That(change.RootElement.GetProperty("kind").GetString(), Is.EqualTo("placement"));
            Assert.That(change.RootElement.GetProperty("scale").GetDouble(), Is.EqualTo(1.5));
            Assert.That(change.RootElement.GetProperty("positionRoomMm")[2].GetDouble(), Is.EqualTo(-900));
        }
        (_, string? lateKey, _) = await JoinAsync(code);
        using var late = await ClassroomSocket.ConnectAsync(_server.Url, lateKey!);
        using var welcome = await late.ReceiveAsync("welcome");
        Assert.That(welcome.RootElement.GetProperty("state").GetProperty("placement").GetProperty("rotationXyzw")[1].GetDouble(), Is.EqualTo(0.38268343).Within(1e-8));
        Assert.That(student.State, Is.EqualTo(WebSocketState.Open), "the connection stays up after malformed messages");
    }

    [Test]
    public async Task EndSession_StudentKey_StopsWorking()
    {
        (string code, _) = await StartSessionAsync();
        (_, string? key, _) = await JoinAsync(code);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/classroom/case");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.That((await _http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _http.DeleteAsync("/api/classroom")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/classroom/case");
        again.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.That((await _http.SendAsync(again)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task WaitForAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs) Assert.Fail("condition not met within " + timeoutMs + " ms");
            await Task.Delay(10);
        }
    }
}
