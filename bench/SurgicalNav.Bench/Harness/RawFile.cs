using System.Runtime.InteropServices;

namespace SurgicalNav.Bench.Harness;

/// <summary>Raw little-endian arrays on disk: the bytes both sides load before timing.</summary>
internal static class RawFile
{
    /// <summary>Writes the array's bytes as they are in memory (little-endian on every supported machine).</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> data) where T : unmanaged
    {
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(MemoryMarshal.AsBytes(data));
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads exactly count values; throws naming the file when it is short.</summary>
    public static T[] Read<T>(string path, long count) where T : unmanaged
    {
        var data = GC.AllocateUninitializedArray<T>(checked((int)count));
        using var fs = File.OpenRead(path);
        long expected = count * Marshal.SizeOf<T>();
        if (fs.Length != expected) throw new InvalidDataException($"'{path}' holds {fs.Length} bytes, expected {expected}; delete bench/work to regenerate the workload");
        fs.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return data;
    }

    /// <summary>The input description the anchor script understands (shape is z, y, x).</summary>
    public static object Spec(string path, string dtype, params int[] shapeZyx) => new { path, dtype, shape = shapeZyx };
}
