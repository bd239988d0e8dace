namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// Dial's bucket queue for integer keys (geodesic distances) whose pushes never exceed the smallest pending key by
/// more than the largest step: a ring of maxStep+1 stacks, so push and pop are O(1). Used by the CPU GrowCut and by
/// incremental seed growth.
/// </summary>
public sealed class DialQueue
{
    private readonly int[][] _items;
    private readonly int[] _counts;
    private int _current;
    private long _pending;

    /// <summary>A queue for keys that grow by at most <paramref name="maxStep"/> per relaxation.</summary>
    public DialQueue(int maxStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStep, 1);
        _items = Enumerable.Range(0, maxStep + 1).Select(_ => new int[64]).ToArray();
        _counts = new int[maxStep + 1];
    }

    /// <summary>Adds a voxel index with its key (distance).</summary>
    public void Push(int voxel, int key)
    {
        if (_pending == 0) _current = key;
        int b = key % _items.Length;
        if (_counts[b] == _items[b].Length) Array.Resize(ref _items[b], _items[b].Length * 2);
        _items[b][_counts[b]++] = voxel;
        _pending++;
    }

    /// <summary>Removes a voxel with the smallest pending key; false when the queue is empty.</summary>
    public bool TryPop(out int voxel, out int key)
    {
        if (_pending == 0) { voxel = key = 0; return false; }
        while (_counts[_current % _items.Length] == 0) _current++;
        int b = _current % _items.Length;
        voxel = _items[b][--_counts[b]];
        key = _current;
        _pending--;
        return true;
    }
}
