using System.Text;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>Maps the 12-byte wire type name to (prefix, data type) and back, without allocating.</summary>
internal static class IgtlTypeNames
{
    private static readonly (IgtlDataType Type, byte[] Name, byte[] Short)[] Names =
    [
        (IgtlDataType.Transform, "TRANSFORM"u8.ToArray(), "TRANS"u8.ToArray()),
        (IgtlDataType.Position, "POSITION"u8.ToArray(), "POSITION"u8.ToArray()),
        (IgtlDataType.TData, "TDATA"u8.ToArray(), "TDATA"u8.ToArray()),
        (IgtlDataType.QtData, "QTDATA"u8.ToArray(), "QTDATA"u8.ToArray()),
        (IgtlDataType.Status, "STATUS"u8.ToArray(), "STATUS"u8.ToArray()),
        (IgtlDataType.String, "STRING"u8.ToArray(), "STRING"u8.ToArray()),
        (IgtlDataType.Point, "POINT"u8.ToArray(), "POINT"u8.ToArray()),
        (IgtlDataType.Image, "IMAGE"u8.ToArray(), "IMAGE"u8.ToArray()),
    ];

    private static readonly byte[][] Prefixes = [[], "GET_"u8.ToArray(), "STT_"u8.ToArray(), "STP_"u8.ToArray(), "RTS_"u8.ToArray()];

    /// <summary>Parses the NUL-padded 12-byte field; false when it is not printable ASCII (a broken header).</summary>
    public static bool TryParse(ReadOnlySpan<byte> field, out IgtlPrefix prefix, out IgtlDataType type)
    {
        prefix = IgtlPrefix.None;
        type = IgtlDataType.Unknown;
        int length = field.IndexOf((byte)0);
        if (length < 0) length = field.Length;
        if (length == 0) return false;
        for (int i = 0; i < length; i++) if (field[i] < 0x20 || field[i] > 0x7E) return false;
        for (int i = length; i < field.Length; i++) if (field[i] != 0) return false;
        ReadOnlySpan<byte> name = field[..length];
        for (int p = 1; p < Prefixes.Length; p++)
        {
            if (!name.StartsWith(Prefixes[p])) continue;
            prefix = (IgtlPrefix)p;
            name = name[4..];
            break;
        }
        foreach (var (t, full, shortName) in Names)
        {
            bool match = name.SequenceEqual(full) || name.SequenceEqual(shortName)
                         || (prefix != IgtlPrefix.None && full.AsSpan().StartsWith(name) && name.Length == 12 - 4);
            if (match) { type = t; return true; }
        }
        prefix = IgtlPrefix.None;
        return true;
    }

    /// <summary>Writes the type name for (prefix, type) NUL-padded into the 12-byte field.</summary>
    public static void Write(Span<byte> field, IgtlPrefix prefix, IgtlDataType type)
    {
        field.Clear();
        var entry = Names[(int)type - 1];
        ReadOnlySpan<byte> p = Prefixes[(int)prefix];
        p.CopyTo(field);
        (prefix == IgtlPrefix.None ? entry.Name : entry.Short).AsSpan().CopyTo(field[p.Length..]);
    }

    /// <summary>The type name as text, for logs.</summary>
    public static string ToText(IgtlPrefix prefix, IgtlDataType type)
    {
        Span<byte> field = stackalloc byte[12];
        Write(field, prefix, type);
        int n = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(n < 0 ? field : field[..n]);
    }
}
