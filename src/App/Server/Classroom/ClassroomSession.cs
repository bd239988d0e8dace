using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SurgicalNav.App.Cases;

namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// One teaching session: the join code, the teacher, the students who joined, who has control, and the shared
/// state (camera, pointer, segment visibility, clipping, labels, the anatomy's placement in a headset). A state change from whoever has control is
/// validated, stored for late joiners and fanned out to every other member's socket. Everything a student
/// receives about the case goes through <see cref="Deidentifier"/>.
/// </summary>
public sealed partial class ClassroomSession
{
    private readonly ConcurrentDictionary<string, Participant> _byKey = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _segments;
    private readonly Func<DateTime> _nowUtc;
    private readonly object _stateLock = new();
    private readonly Dictionary<string, JsonNode?> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _visibility = new(StringComparer.Ordinal);
    private long _nextId, _seq, _controllerId;
    private long _malformed, _rateLimited, _notAllowed, _changes;

    /// <summary>Largest number of students in one session.</summary>
    public const int MaxStudents = 64;

    /// <summary>
    /// Starts a session for a case (null when its case.json cannot be read: then no visibility change is valid);
    /// the code accepts joins until <paramref name="joinFor"/> has passed. A visibility change may name a segment
    /// of the case by its own or its de-identified name; it goes out under the de-identified one.
    /// </summary>
    public ClassroomSession(CaseDocument? caseDocument, TimeSpan joinFor, Func<DateTime>? nowUtc = null)
    {
        if (joinFor <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(joinFor), joinFor, "the join window must be positive");
        Deidentifier = new CaseDeidentifier();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (caseDocument is not null)
        {
            names.UnionWith(caseDocument.Segments.Select(s => s.Name));
            names.UnionWith(Deidentifier.Case(caseDocument).Segments.Select(s => s.Name));
        }
        _segments = names;
        _nowUtc = nowUtc ?? (() => DateTime.UtcNow);
        Code = JoinCode.New();
        StartedUtc = _nowUtc();
        JoinUntilUtc = StartedUtc + joinFor;
        Teacher = new Participant(Interlocked.Increment(ref _nextId), ClassroomRole.Teacher, JoinCode.NewKey(), "teacher");
        _byKey[Teacher.Key] = Teacher;
        _controllerId = Teacher.Id;
    }

    /// <summary>The code students type (see <see cref="JoinCode"/>).</summary>
    public string Code { get; }

    /// <summary>When the session started, UTC.</summary>
    public DateTime StartedUtc { get; }

    /// <summary>After this time (UTC) the code no longer admits anyone; members already in stay.</summary>
    public DateTime JoinUntilUtc { get; }

    /// <summary>The teacher, with the key the teacher's client authenticates with.</summary>
    public Participant Teacher { get; }

    /// <summary>The de-identifier of this session (its UID remapping is consistent for the whole session).</summary>
    public CaseDeidentifier Deidentifier { get; }

    /// <summary>Id of the member whose state changes are shared (the teacher unless control was given away).</summary>
    public long ControllerId => Interlocked.Read(ref _controllerId);

    /// <summary>Students who joined so far.</summary>
    public int StudentCount => _byKey.Count - 1;

    /// <summary>True while the code still admits students.</summary>
    public bool Joinable => _nowUtc() < JoinUntilUtc;

    /// <summary>
    /// Admits a student who typed <paramref name="code"/>: the new participant, or null when the code is wrong or
    /// expired, or the session is full (<paramref name="why"/> says which).
    /// </summary>
    public Participant? Join(string? code, string? name, out string why)
    {
        string? normalized = JoinCode.Normalize(code);
        if (normalized is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(normalized), System.Text.Encoding.ASCII.GetBytes(Code)))
        {
            why = "wrong classroom code; ask the teacher for the 6-character code shown on the teacher's screen";
            return null;
        }
        if (!Joinable)
        {
            why = "this classroom code has expired; ask the teacher to start a new session";
            return null;
        }
        if (StudentCount >= MaxStudents)
        {
            why = $"the session is full ({MaxStudents} students)";
            return null;
        }
        string display = string.IsNullOrWhiteSpace(name) ? "" : new string(name.Trim().Where(c => !char.IsControl(c)).Take(32).ToArray());
        long id = Interlocked.Increment(ref _nextId);
        var student = new Participant(id, ClassroomRole.Student, JoinCode.NewKey(), display.Length == 0 ? $"student {id - 1}" : display);
        _byKey[student.Key] = student;
        why = "";
        return student;
    }

    /// <summary>Every member: id, role, name, and whether a socket is open (for the teacher's roster).</summary>
    public IReadOnlyList<(Participant Member, bool Connected)> Members() =>
        [.. _byKey.Values.OrderBy(p => p.Id).Select(p => (p, _sockets.ContainsKey(p.Id)))];

    /// <summary>The member holding <paramref name="key"/>, or null.</summary>
    public Participant? Authorize(string? key) =>
        key is { Length: > 0 and <= 64 } && _byKey.TryGetValue(key, out var p) ? p : null;

    /// <summary>Counters for the teacher's status view.</summary>
    public ClassroomStats Stats() => new(Code, StudentCount, _sockets.Count, ControllerId, JoinUntilUtc,
        Interlocked.Read(ref _changes), Interlocked.Read(ref _sent), Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _rateLimited), Interlocked.Read(ref _notAllowed));

    /// <summary>
    /// Applies one validated command from <paramref name="from"/>: stores and fans out a state change, moves
    /// control, or answers a ping. A state change from a member without control is dropped and counted.
    /// </summary>
    public void Apply(Participant from, ClassroomCommand command)
    {
        switch (command.Kind)
        {
            case "ping":
                SendTo(from.Id, Serialize(new JsonObject { ["type"] = "pong", ["t"] = command.PingT }));
                return;
            case "control":
                if (from.Role != ClassroomRole.Teacher) { Interlocked.Increment(ref _notAllowed); return; }
                long to = command.ControlTo is { } id && id != 0 && _byKey.Values.Any(p => p.Id == id) ? id : Teacher.Id;
                Interlocked.Exchange(ref _controllerId, to);
                Broadcast(Serialize(new JsonObject { ["type"] = "control", ["controller"] = to }), exceptId: 0);
                return;
        }
        if (from.Id != ControllerId) { Interlocked.Increment(ref _notAllowed); return; }
        JsonObject state = command.State!;
        byte[] payload;
        lock (_stateLock)
        {
            if (command.Kind == "visibility")
            {
                string shared = Deidentifier.Scrub(state["segment"]!.GetValue<string>());
                state["segment"] = shared;
                _visibility[shared] = state["visible"]!.GetValue<bool>();
            }
            else _state[command.Kind] = state.DeepClone();
            state["type"] = "state";
            state["kind"] = command.Kind;
            state["seq"] = ++_seq;
            state["from"] = from.Id;
            payload = Serialize(state);
        }
        Interlocked.Increment(ref _changes);
        Broadcast(payload, exceptId: from.Id);
    }

    /// <summary>What a member gets on connecting: its id and role, who has control, and the whole shared state.</summary>
    public byte[] Welcome(Participant member)
    {
        lock (_stateLock)
        {
            var state = new JsonObject();
            foreach ((string kind, JsonNode? value) in _state) state[kind] = value?.DeepClone();
            var visibility = new JsonObject();
            foreach ((string name, bool visible) in _visibility) visibility[name] = visible;
            state["visibility"] = visibility;
            return Serialize(new JsonObject
            {
                ["type"] = "welcome", ["clientId"] = member.Id, ["role"] = member.Role == ClassroomRole.Teacher ? "teacher" : "student",
                ["controller"] = ControllerId, ["code"] = Code, ["state"] = state,
            });
        }
    }

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    private static byte[] Serialize(JsonObject message) => System.Text.Encoding.UTF8.GetBytes(message.ToJsonString());
}
