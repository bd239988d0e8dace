using System.Text;
using System.Text.Unicode;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>
/// Turns NUL-padded UTF-8 name fields (device names, tool names) into strings, handing back the same string
/// instance for the same bytes so that the hot path does not allocate once a name has been seen.
/// </summary>
internal sealed class DeviceNameTable
{
    private const int MaxEntries = 256;
    private readonly List<(byte[] Bytes, string Text)> _entries = [];

    /// <summary>Number of distinct names seen (at most 256 are kept).</summary>
    public int Count => _entries.Count;

    /// <summary>The name in the field (up to the first NUL), or false when it is not valid UTF-8.</summary>
    public bool TryGet(ReadOnlySpan<byte> field, out string name)
    {
        int n = field.IndexOf((byte)0);
        ReadOnlySpan<byte> bytes = n < 0 ? field : field[..n];
        foreach (var (b, text) in _entries)
        {
            if (bytes.SequenceEqual(b)) { name = text; return true; }
        }
        if (!Utf8.IsValid(bytes)) { name = ""; return false; }
        name = Encoding.UTF8.GetString(bytes);
        if (_entries.Count < MaxEntries) _entries.Add((bytes.ToArray(), name));
        return true;
    }

    /// <summary>Writes name as UTF-8, NUL-padded, into the field; throws when it does not fit.</summary>
    public static void Write(Span<byte> field, string name, string what)
    {
        field.Clear();
        if (Encoding.UTF8.GetByteCount(name) > field.Length)
            throw new ArgumentException($"{what} '{name}' is longer than the {field.Length} bytes OpenIGTLink allows; use a shorter name");
        Encoding.UTF8.GetBytes(name, field);
    }

    /// <summary>Hex escape of a name field that is not UTF-8, for logs.</summary>
    public static string Escape(ReadOnlySpan<byte> field)
    {
        int n = field.IndexOf((byte)0);
        return Convert.ToHexString(n < 0 ? field : field[..n]);
    }
}
