namespace SurgicalNav.Tracking.Protocol;

/// <summary>The message data types SurgicalNav understands (the part of the type name after any GET_/STT_/STP_/RTS_ prefix).</summary>
public enum IgtlDataType
{
    /// <summary>Not one of the types below; such messages are counted and skipped.</summary>
    Unknown = 0,
    /// <summary>TRANSFORM: a 3x4 rigid transform, 12 float32, rotation columns then translation in mm.</summary>
    Transform,
    /// <summary>POSITION: position in mm plus an optional quaternion (ox, oy, oz, w).</summary>
    Position,
    /// <summary>TDATA: a list of named tools, each with a TRANSFORM-style 3x4 matrix.</summary>
    TData,
    /// <summary>QTDATA: a list of named tools, each with position (mm) and quaternion.</summary>
    QtData,
    /// <summary>STATUS: device status code, subcode, error name and text.</summary>
    Status,
    /// <summary>STRING: a text with its IANA MIBenum encoding.</summary>
    String,
    /// <summary>POINT: named, coloured points with a position in mm and a radius.</summary>
    Point,
    /// <summary>IMAGE: a 2D/3D image with its geometry (receive only).</summary>
    Image,
}
