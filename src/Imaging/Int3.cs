namespace SurgicalNav.Imaging;

/// <summary>Integer triple: voxel counts or voxel indices along i (x), j (y) and k (z).</summary>
public readonly record struct Int3(int X, int Y, int Z)
{
    /// <summary>Number of voxels in a grid of these dimensions.</summary>
    public long Count => (long)X * Y * Z;

    /// <summary>Component by axis index 0, 1 or 2.</summary>
    public int this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "axis must be 0, 1 or 2"),
    };

    /// <summary>Formats as "XxYxZ", the form the CLI accepts for sizes.</summary>
    public override string ToString() => $"{X}x{Y}x{Z}";

    /// <summary>The three components as an array, for JSON.</summary>
    public int[] ToArray() => [X, Y, Z];

    /// <summary>Parses "XxYxZ" (for example 512x512x300); throws FormatException naming the text.</summary>
    public static Int3 Parse(string text)
    {
        string[] parts = text.Split('x', 'X');
        if (parts.Length == 3
            && int.TryParse(parts[0], out int x) && int.TryParse(parts[1], out int y) && int.TryParse(parts[2], out int z)
            && x > 0 && y > 0 && z > 0)
        {
            return new Int3(x, y, z);
        }
        throw new FormatException($"size '{text}' is not of the form XxYxZ with positive integers, for example 512x512x300");
    }
}
