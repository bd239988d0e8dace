namespace SurgicalNav.App.Server.Classroom;

/// <summary>One member of a classroom: a numeric id (shown to others), the role, the secret key the member authenticates with, and a display name.</summary>
public sealed record Participant(long Id, ClassroomRole Role, string Key, string Name);
