namespace SurgicalNav.Imaging;

/// <summary>
/// A 3D image: voxels with x fastest, then y, then z, in one contiguous array, plus its geometry.
/// For CT, <c>Volume&lt;short&gt;</c> holds Hounsfield units.
/// </summary>
public sealed class Volume<T> where T : unmanaged
{
    private readonly T[] _data;

    /// <summary>Allocates a volume with all voxels zero on the given geometry.</summary>
    public Volume(ImageGeometry geometry)
        : this(geometry, new T[checked((int)geometry.VoxelCount)])
    {
    }

    /// <summary>
    /// Allocates a volume whose voxels hold whatever the memory held before. Only for writers that overwrite
    /// every voxel; reused memory is not zero, so anything that reads before writing must use the constructor.
    /// </summary>
    public static Volume<T> Uninitialized(ImageGeometry geometry) =>
        new(geometry, GC.AllocateUninitializedArray<T>(checked((int)geometry.VoxelCount)));

    /// <summary>Wraps an existing voxel array, which must hold exactly one value per voxel of the geometry.</summary>
    public Volume(ImageGeometry geometry, T[] data)
    {
        if (data.LongLength != geometry.VoxelCount)
        {
            throw new ArgumentException(
                $"voxel array holds {data.LongLength} values but geometry {geometry.Dimensions} needs {geometry.VoxelCount}", nameof(data));
        }
        Geometry = geometry;
        _data = data;
    }

    /// <summary>Where the grid sits in patient LPS mm.</summary>
    public ImageGeometry Geometry { get; }

    /// <summary>Dimensions (voxel counts along i, j, k).</summary>
    public Int3 Dimensions => Geometry.Dimensions;

    /// <summary>All voxels, x fastest.</summary>
    public Span<T> Voxels => _data;

    /// <summary>The backing array, for APIs that need one (streams, native copies).</summary>
    public T[] Data => _data;

    /// <summary>One z slice of voxels (x fastest, then y).</summary>
    public Span<T> Slice(int k)
    {
        int sliceLength = Dimensions.X * Dimensions.Y;
        return _data.AsSpan(k * sliceLength, sliceLength);
    }

    /// <summary>The voxel at index (i, j, k).</summary>
    public ref T this[int i, int j, int k] => ref _data[Geometry.Linear(i, j, k)];

    /// <summary>A new volume on the same geometry with all voxels zero.</summary>
    public Volume<TOther> CreateLike<TOther>() where TOther : unmanaged => new(Geometry, new TOther[Geometry.VoxelCount]);
}
