using System.Buffers.Binary;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// The elements of one data set (or sequence item) found by <see cref="DicomParser"/>: where each value sits in
/// the parsed bytes, and the items of sequences. Values longer than <see cref="MaxValueBytes"/> are not kept.
/// </summary>
internal sealed class DicomElements
{
    /// <summary>Longest value the parser loads; longer ones (private blobs, overlays) are skipped.</summary>
    public const int MaxValueBytes = 1 << 16;

    private readonly Dictionary<uint, Entry> _entries = [];
    private readonly DicomParser.Buffer _buffer;

    /// <summary>An element's value: offset and length in the parsed bytes (length -1 when not kept), or the items of a sequence.</summary>
    internal readonly record struct Entry(int Offset, int Length, List<DicomElements>? Items);

    public DicomElements(DicomParser.Buffer buffer) => _buffer = buffer;

    /// <summary>Records an element; the first of duplicated tags wins, as in GDCM.</summary>
    public void Add(ushort group, ushort element, Entry entry) => _entries.TryAdd(Tag(group, element), entry);

    /// <summary>Whether the element is present.</summary>
    public bool Has(ushort group, ushort element) => _entries.ContainsKey(Tag(group, element));

    /// <summary>The value as text without DICOM padding; "" when absent or not kept.</summary>
    public string Text(ushort group, ushort element)
    {
        ReadOnlySpan<byte> value = Bytes(group, element);
        return value.IsEmpty ? "" : DicomText.Clean(System.Text.Encoding.UTF8.GetString(value));
    }

    /// <summary>A US value (binary 16-bit), or null.</summary>
    public int? UShort(ushort group, ushort element)
    {
        ReadOnlySpan<byte> value = Bytes(group, element);
        if (value.Length < 2) return null;
        return _buffer.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value);
    }

    /// <summary>An IS value, or null.</summary>
    public int? Int(ushort group, ushort element) => DicomText.ParseInt(Text(group, element));

    /// <summary>A DS value with all its parts, or null.</summary>
    public double[]? Doubles(ushort group, ushort element) => DicomText.ParseDoubles(Text(group, element));

    /// <summary>The items of a sequence; empty when absent.</summary>
    public IReadOnlyList<DicomElements> Items(ushort group, ushort element) =>
        _entries.TryGetValue(Tag(group, element), out Entry e) && e.Items is { } items ? items : [];

    /// <summary>The first item of a sequence, or null.</summary>
    public DicomElements? Item(ushort group, ushort element) => Items(group, element) is [var first, ..] ? first : null;

    private ReadOnlySpan<byte> Bytes(ushort group, ushort element) =>
        _entries.TryGetValue(Tag(group, element), out Entry e) && e.Length > 0 && e.Items is null
            ? _buffer.Bytes.AsSpan(e.Offset, e.Length)
            : default;

    private static uint Tag(ushort group, ushort element) => ((uint)group << 16) | element;
}
