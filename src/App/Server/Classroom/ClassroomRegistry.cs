namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// The server's classroom: at most one session at a time (starting a new one ends the old), found by the code
/// at join and by a member's key afterwards. Wrong codes count against the caller's address in
/// <see cref="JoinLimiter"/>.
/// </summary>
public sealed class ClassroomRegistry : IAsyncDisposable
{
    private readonly Func<SurgicalNav.App.Cases.CaseDocument?> _case;
    private ClassroomSession? _current;

    /// <summary>How long a fresh code admits students unless asked otherwise.</summary>
    public static readonly TimeSpan DefaultJoinWindow = TimeSpan.FromHours(2);

    /// <summary>A registry for the case <paramref name="caseDocument"/> returns (read at each start; null when unreadable).</summary>
    public ClassroomRegistry(Func<SurgicalNav.App.Cases.CaseDocument?> caseDocument, AttemptLimiter? joinLimiter = null)
    {
        _case = caseDocument;
        JoinLimiter = joinLimiter ?? new AttemptLimiter();
    }

    /// <summary>Failed joins per address; past its limit an address gets 429.</summary>
    public AttemptLimiter JoinLimiter { get; }

    /// <summary>The running session, or null.</summary>
    public ClassroomSession? Current => Volatile.Read(ref _current);

    /// <summary>Starts a new session (ending the current one) whose code admits students for <paramref name="joinFor"/>.</summary>
    public async Task<ClassroomSession> StartAsync(TimeSpan? joinFor = null)
    {
        var session = new ClassroomSession(_case(), joinFor ?? DefaultJoinWindow);
        ClassroomSession? old = Interlocked.Exchange(ref _current, session);
        if (old is not null) await old.EndAsync().ConfigureAwait(false);
        return session;
    }

    /// <summary>Ends the current session, if any: members are told and disconnected, keys stop working.</summary>
    public async Task EndAsync()
    {
        ClassroomSession? old = Interlocked.Exchange(ref _current, null);
        if (old is not null) await old.EndAsync().ConfigureAwait(false);
    }

    /// <summary>The current session and the member holding <paramref name="key"/>, or nulls.</summary>
    public (ClassroomSession? Session, Participant? Member) Authorize(string? key)
    {
        ClassroomSession? session = Current;
        Participant? member = session?.Authorize(key);
        return member is null ? (null, null) : (session, member);
    }

    /// <summary>Ends the session on shutdown.</summary>
    public async ValueTask DisposeAsync() => await EndAsync().ConfigureAwait(false);
}
