using System.Buffers.Binary;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>
/// Reads and writes the content of each message type, big-endian as on the wire. Positions are in mm,
/// quaternions (x, y, z, w), names NUL-padded UTF-8. Nothing here allocates.
/// </summary>
public static partial class IgtlBody
{
    /// <summary>TRANSFORM content size: 12 float32.</summary>
    public const int TransformSize = 48;
    /// <summary>TDATA element size: name[20], type, reserved, 12 float32.</summary>
    public const int TDataElementSize = 70;
    /// <summary>QTDATA element size: name[20], type, reserved, position[3], quaternion[4].</summary>
    public const int QtDataElementSize = 50;
    /// <summary>STATUS fixed part: code u16, subcode i64, error name[20]; the NUL-terminated text follows.</summary>
    public const int StatusFixedSize = 30;
    /// <summary>POINT element size: name[64], group[32], rgba[4], position[3], radius, owner[20].</summary>
    public const int PointElementSize = 136;
    /// <summary>IMAGE header size before the pixels.</summary>
    public const int ImageHeaderSize = 72;
    /// <summary>STT_TDATA / STT_QTDATA content: resolution i32 (ms), coordinate name[32].</summary>
    public const int StartTrackingSize = 36;
    /// <summary>Bytes of a tool name field in TDATA/QTDATA.</summary>
    public const int ToolNameSize = 20;

    /// <summary>Reads 12 float32 of a TRANSFORM (or a TDATA element's matrix) into pose.</summary>
    public static void ReadMatrix(ReadOnlySpan<byte> source, ref RigidPose pose)
    {
        for (int i = 0; i < 12; i++) pose[i] = BinaryPrimitives.ReadSingleBigEndian(source[(4 * i)..]);
    }

    /// <summary>Writes the pose's 12 float32 in wire order.</summary>
    public static void WriteMatrix(Span<byte> destination, in RigidPose pose)
    {
        for (int i = 0; i < 12; i++) BinaryPrimitives.WriteSingleBigEndian(destination[(4 * i)..], pose[i]);
    }

    /// <summary>Reads POSITION content into values (x, y, z mm, then qx, qy, qz, qw); a missing w or quaternion is completed to a unit quaternion.</summary>
    public static void ReadPosition(ReadOnlySpan<byte> content, Span<float> values)
    {
        values[..7].Clear();
        values[6] = 1;
        int n = content.Length / 4;
        for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleBigEndian(content[(4 * i)..]);
        if (n == 6) values[6] = MathF.Sqrt(MathF.Max(0, 1 - values[3] * values[3] - values[4] * values[4] - values[5] * values[5]));
    }

    /// <summary>Writes the 28-byte POSITION content from (x, y, z mm, qx, qy, qz, qw).</summary>
    public static void WritePosition(Span<byte> destination, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < 7; i++) BinaryPrimitives.WriteSingleBigEndian(destination[(4 * i)..], values[i]);
    }

    /// <summary>Reads TDATA element i: its name field, tool type (1 tracker, 2 6D, 3 3D, 4 5D) and matrix.</summary>
    public static ReadOnlySpan<byte> ReadTDataElement(ReadOnlySpan<byte> content, int i, out byte toolType, ref RigidPose pose)
    {
        ReadOnlySpan<byte> e = content.Slice(i * TDataElementSize, TDataElementSize);
        toolType = e[20];
        ReadMatrix(e[22..], ref pose);
        return e[..ToolNameSize];
    }

    /// <summary>Writes one 70-byte TDATA element.</summary>
    public static void WriteTDataElement(Span<byte> destination, string toolName, byte toolType, in RigidPose pose)
    {
        DeviceNameTable.Write(destination[..ToolNameSize], toolName, "tool name");
        destination[20] = toolType;
        destination[21] = 0;
        WriteMatrix(destination[22..], pose);
    }

    /// <summary>Reads QTDATA element i: name field, tool type and (x, y, z mm, qx, qy, qz, qw) into values.</summary>
    public static ReadOnlySpan<byte> ReadQtDataElement(ReadOnlySpan<byte> content, int i, out byte toolType, Span<float> values)
    {
        ReadOnlySpan<byte> e = content.Slice(i * QtDataElementSize, QtDataElementSize);
        toolType = e[20];
        for (int k = 0; k < 7; k++) values[k] = BinaryPrimitives.ReadSingleBigEndian(e[(22 + 4 * k)..]);
        return e[..ToolNameSize];
    }

    /// <summary>Writes one 50-byte QTDATA element from (x, y, z mm, qx, qy, qz, qw).</summary>
    public static void WriteQtDataElement(Span<byte> destination, string toolName, byte toolType, ReadOnlySpan<float> values)
    {
        DeviceNameTable.Write(destination[..ToolNameSize], toolName, "tool name");
        destination[20] = toolType;
        destination[21] = 0;
        for (int k = 0; k < 7; k++) BinaryPrimitives.WriteSingleBigEndian(destination[(22 + 4 * k)..], values[k]);
    }

    /// <summary>Reads STATUS: code (1 = OK), subcode, error-name field and the text (up to its NUL).</summary>
    public static ushort ReadStatus(ReadOnlySpan<byte> content, out long subcode, out ReadOnlySpan<byte> errorName, out ReadOnlySpan<byte> text)
    {
        subcode = BinaryPrimitives.ReadInt64BigEndian(content[2..]);
        errorName = TrimNul(content.Slice(10, 20));
        text = TrimNul(content[StatusFixedSize..]);
        return BinaryPrimitives.ReadUInt16BigEndian(content);
    }

    /// <summary>Writes STATUS content and returns its length (the text is NUL-terminated).</summary>
    public static int WriteStatus(Span<byte> destination, ushort code, long subcode, string errorName, string text)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, code);
        BinaryPrimitives.WriteInt64BigEndian(destination[2..], subcode);
        DeviceNameTable.Write(destination.Slice(10, 20), errorName, "status error name");
        int n = System.Text.Encoding.UTF8.GetBytes(text, destination[StatusFixedSize..]);
        destination[StatusFixedSize + n] = 0;
        return StatusFixedSize + n + 1;
    }

    /// <summary>Bytes STATUS content needs for this text.</summary>
    public static int StatusSize(string text) => StatusFixedSize + System.Text.Encoding.UTF8.GetByteCount(text) + 1;

    /// <summary>The declared length of a STRING's text in bytes.</summary>
    public static int StringLength(ReadOnlySpan<byte> content) => BinaryPrimitives.ReadUInt16BigEndian(content[2..]);

    /// <summary>Reads STRING: the IANA MIBenum encoding (3 US-ASCII, 106 UTF-8) and the text bytes.</summary>
    public static ushort ReadString(ReadOnlySpan<byte> content, out ReadOnlySpan<byte> text)
    {
        text = content.Slice(4, StringLength(content));
        return BinaryPrimitives.ReadUInt16BigEndian(content);
    }

    /// <summary>Writes STRING content as UTF-8 (MIBenum 106) and returns its length.</summary>
    public static int WriteString(Span<byte> destination, string text)
    {
        int n = System.Text.Encoding.UTF8.GetBytes(text, destination[4..]);
        if (n > ushort.MaxValue) throw new ArgumentException($"STRING text of {n} bytes is longer than the 65535 bytes OpenIGTLink allows");
        BinaryPrimitives.WriteUInt16BigEndian(destination, 106);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)n);
        return 4 + n;
    }

    /// <summary>Reads STT_TDATA/STT_QTDATA: the requested minimum interval in ms and the coordinate-name field.</summary>
    public static int ReadStartTracking(ReadOnlySpan<byte> content, out ReadOnlySpan<byte> coordinateName)
    {
        coordinateName = content.Length >= StartTrackingSize ? TrimNul(content.Slice(4, 32)) : default;
        return content.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(content) : 0;
    }

    /// <summary>Writes STT_TDATA/STT_QTDATA content.</summary>
    public static void WriteStartTracking(Span<byte> destination, int resolutionMs, string coordinateName)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, resolutionMs);
        DeviceNameTable.Write(destination.Slice(4, 32), coordinateName, "coordinate name");
    }

    internal static ReadOnlySpan<byte> TrimNul(ReadOnlySpan<byte> field)
    {
        int n = field.IndexOf((byte)0);
        return n < 0 ? field : field[..n];
    }
}
