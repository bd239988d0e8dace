namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// A classroom's counters, served to the teacher at GET /api/classroom: the code, students joined, sockets open,
/// who has control, when the code stops admitting (UTC), state changes accepted, messages sent, and client
/// messages dropped as malformed, over the rate limit, or sent without control.
/// </summary>
public sealed record ClassroomStats(string Code, int Students, int Connected, long ControllerId, DateTime JoinUntilUtc,
    long Changes, long Sent, long Malformed, long RateLimited, long NotAllowed);
