namespace SurgicalNav.Segmentation.Editing;

public sealed partial class SeedGrowth
{
    /// <summary>
    /// Dial's bucket queue for integer keys whose pushes never exceed the smallest pending key by more than
    /// maxStep: a ring of maxStep+1 stacks, so push and pop are O(1).
    /// </summary>
    private sealed class BucketQueue(int maxStep)
    {
        private readonly int[][] _items = Enumerable.Range(0, maxStep + 1).Select(_ => new int[64]).ToArray();
        private readonly int[] _counts = new int[maxStep + 1];
        private int _current;
        private long _pending;

        public void Push(int voxel, int key)
        {
            if (_pending == 0) _current = key;
            int b = key % _items.Length;
            if (_counts[b] == _items[b].Length) Array.Resize(ref _items[b], _items[b].Length * 2);
            _items[b][_counts[b]++] = voxel;
            _pending++;
        }

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
}
