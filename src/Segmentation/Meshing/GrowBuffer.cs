namespace SurgicalNav.Segmentation.Meshing;

/// <summary>An append-only array that doubles when full; one per worker so no locking is needed.</summary>
internal struct GrowBuffer<T> where T : unmanaged
{
    private T[] _items;
    private int _count;

    public GrowBuffer(int capacity)
    {
        _items = new T[Math.Max(capacity, 16)];
        _count = 0;
    }

    public readonly int Count => _count;

    public readonly ReadOnlySpan<T> Span => _items.AsSpan(0, _count);

    /// <summary>Forgets the contents and keeps the storage.</summary>
    public void Clear() => _count = 0;

    /// <summary>Appends one item.</summary>
    public void Add(T item)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[_count++] = item;
    }

    /// <summary>Item n for reading or writing; n must be below Count.</summary>
    public readonly ref T this[int n] => ref _items[n];

    /// <summary>Reserves n slots at the end and returns them for writing.</summary>
    public Span<T> Append(int n)
    {
        if (_count + n > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(_items.Length * 2, _count + n));
        }
        Span<T> slots = _items.AsSpan(_count, n);
        _count += n;
        return slots;
    }
}
