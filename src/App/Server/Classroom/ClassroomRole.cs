namespace SurgicalNav.App.Server.Classroom;

/// <summary>Who a classroom participant is: the teacher who started the session, or a student who joined with the code.</summary>
public enum ClassroomRole
{
    /// <summary>Started the session; may always send state and hand control to a student.</summary>
    Teacher,

    /// <summary>Joined with the code; may send state only while given control.</summary>
    Student,
}
