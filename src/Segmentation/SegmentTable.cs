namespace SurgicalNav.Segmentation;

/// <summary>The segments a label map may hold, by voxel value. Value 0 is background and never listed.</summary>
public sealed class SegmentTable
{
    private readonly List<SegmentInfo> _segments = [];

    /// <summary>Creates a table from segments with distinct, non-zero values and distinct names.</summary>
    public SegmentTable(IEnumerable<SegmentInfo>? segments = null)
    {
        foreach (SegmentInfo s in segments ?? []) Add(s);
    }

    /// <summary>The standard abdominal segments with the colours used across SurgicalNav.</summary>
    public static SegmentTable Abdomen() => new(
    [
        new SegmentInfo(1, "body", [0.96f, 0.80f, 0.69f]),
        new SegmentInfo(2, "bone", [0.95f, 0.93f, 0.85f]),
        new SegmentInfo(3, "vessels", [0.85f, 0.15f, 0.15f]),
        new SegmentInfo(4, "liver", [0.62f, 0.32f, 0.22f]),
        new SegmentInfo(5, "tumor", [0.95f, 0.85f, 0.20f]),
        new SegmentInfo(6, "kidney", [0.55f, 0.30f, 0.55f]),
    ]);

    /// <summary>Segments in value order.</summary>
    public IReadOnlyList<SegmentInfo> Segments => _segments;

    /// <summary>Adds a segment; throws when its value is 0 or its value or name is already used.</summary>
    public void Add(SegmentInfo segment)
    {
        if (segment.Value == 0) throw new ArgumentException($"segment '{segment.Name}' has value 0, which is reserved for background");
        if (_segments.Any(s => s.Value == segment.Value)) throw new ArgumentException($"label value {segment.Value} is used twice");
        if (_segments.Any(s => s.Name == segment.Name)) throw new ArgumentException($"segment name '{segment.Name}' is used twice");
        _segments.Add(segment);
        _segments.Sort((a, b) => a.Value.CompareTo(b.Value));
    }

    /// <summary>The segment with this name, or null.</summary>
    public SegmentInfo? Find(string name) => _segments.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The segment with this name; throws with the list of known names when it is missing.</summary>
    public SegmentInfo Get(string name) => Find(name)
        ?? throw new KeyNotFoundException($"no segment named '{name}'; known segments: {string.Join(", ", _segments.Select(s => s.Name))}");

    /// <summary>The segment with this value, or null.</summary>
    public SegmentInfo? ByValue(byte value) => _segments.FirstOrDefault(s => s.Value == value);
}
