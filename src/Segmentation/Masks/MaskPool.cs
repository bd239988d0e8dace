using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>
/// Byte masks of one grid, reused within one piece of work instead of allocated afresh. A segmentation makes and drops
/// a dozen volume-sized masks; left to the garbage collector the dropped ones stay resident until a full collection
/// happens to run, so the process holds several times what is live. A mask given back is handed out again by the
/// next <see cref="Rent"/>. Not thread-safe: one pool per piece of work.
/// </summary>
public sealed class MaskPool(ImageGeometry geometry)
{
    private readonly Stack<byte[]> _free = new();

    /// <summary>The grid every mask of this pool is on.</summary>
    public ImageGeometry Geometry { get; } = geometry;

    /// <summary>A mask with every voxel clear.</summary>
    public Volume<byte> Rent()
    {
        if (!_free.TryPop(out byte[]? data)) return new Volume<byte>(Geometry);
        Array.Clear(data);
        return new Volume<byte>(Geometry, data);
    }

    /// <summary>A mask holding a copy of <paramref name="mask"/>'s voxels.</summary>
    public Volume<byte> RentCopy(Volume<byte> mask)
    {
        CheckGrid(mask);
        Volume<byte> copy = _free.TryPop(out byte[]? data) ? new Volume<byte>(Geometry, data) : Volume<byte>.Uninitialized(Geometry);
        mask.Voxels.CopyTo(copy.Voxels);
        return copy;
    }

    /// <summary>Gives a mask back for reuse (null is ignored). The caller must not use it afterwards.</summary>
    public void Return(Volume<byte>? mask)
    {
        if (mask is null) return;
        CheckGrid(mask);
        _free.Push(mask.Data);
    }

    /// <summary>
    /// Drops the masks given back and returns their memory, and that of anything else the work has let go of (an image
    /// it no longer holds), to the system (<see cref="FreedMemory.Return"/>). Call it at the end of the work, before
    /// allocating its result.
    /// </summary>
    public void ReleaseAll()
    {
        _free.Clear();
        FreedMemory.Return();
    }

    private void CheckGrid(Volume<byte> mask)
    {
        if (mask.Dimensions != Geometry.Dimensions)
        {
            throw new ArgumentException($"mask is {mask.Dimensions} voxels but this pool holds masks of {Geometry.Dimensions}", nameof(mask));
        }
    }
}
