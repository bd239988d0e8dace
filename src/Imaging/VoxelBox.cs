namespace SurgicalNav.Imaging;

/// <summary>
/// An axis-aligned box of a grid's voxels, from index <see cref="Lo"/> (inclusive) with <see cref="Size"/> voxels per
/// axis. Work that only concerns part of an image (the body, a tumour's surroundings) runs on the box's own smaller
/// volume, which keeps the spacing and direction and moves the origin to the box's first voxel.
/// </summary>
public readonly record struct VoxelBox(Int3 Lo, Int3 Size)
{
    /// <summary>The box of every voxel of a grid.</summary>
    public static VoxelBox Whole(Int3 dimensions) => new(new Int3(0, 0, 0), dimensions);

    /// <summary>One past the highest index along each axis.</summary>
    public Int3 End => new(Lo.X + Size.X, Lo.Y + Size.Y, Lo.Z + Size.Z);

    /// <summary>Number of voxels in the box.</summary>
    public long VoxelCount => Size.Count;

    /// <summary>True when the box holds no voxel.</summary>
    public bool IsEmpty => Size.X <= 0 || Size.Y <= 0 || Size.Z <= 0;

    /// <summary>The box widened by <paramref name="pad"/> voxels on every side along each axis, clipped to a grid of <paramref name="dimensions"/>.</summary>
    public VoxelBox Grow(Int3 pad, Int3 dimensions)
    {
        var lo = new Int3(Math.Max(0, Lo.X - pad.X), Math.Max(0, Lo.Y - pad.Y), Math.Max(0, Lo.Z - pad.Z));
        var end = new Int3(Math.Min(dimensions.X, End.X + pad.X), Math.Min(dimensions.Y, End.Y + pad.Y), Math.Min(dimensions.Z, End.Z + pad.Z));
        return new VoxelBox(lo, new Int3(end.X - lo.X, end.Y - lo.Y, end.Z - lo.Z));
    }

    /// <summary>Whether voxel (i, j, k) of the full grid lies in the box.</summary>
    public bool Contains(Int3 index) =>
        index.X >= Lo.X && index.X < End.X && index.Y >= Lo.Y && index.Y < End.Y && index.Z >= Lo.Z && index.Z < End.Z;

    /// <summary>A full-grid index as an index of the box's own volume.</summary>
    public Int3 ToBox(Int3 index) => new(index.X - Lo.X, index.Y - Lo.Y, index.Z - Lo.Z);

    /// <summary>The box's own grid: its size, the full grid's spacing and direction, and the patient position (LPS mm) of its first voxel as origin.</summary>
    public ImageGeometry GeometryIn(ImageGeometry full) =>
        new(Size, full.SpacingMm, full.IndexToPatient(Lo.X, Lo.Y, Lo.Z), full.Direction);

    /// <summary>A new volume on the box's grid holding the full volume's voxels inside the box.</summary>
    public Volume<T> Copy<T>(Volume<T> full) where T : unmanaged
    {
        CheckInside(full.Dimensions);
        var box = Volume<T>.Uninitialized(GeometryIn(full.Geometry));
        Int3 d = full.Dimensions;
        T[] src = full.Data, dst = box.Data;
        int lx = Lo.X, ly = Lo.Y, lz = Lo.Z, sx = Size.X, sy = Size.Y;
        Parallel.For(0, Size.Z, k =>
        {
            for (int j = 0; j < sy; j++)
            {
                src.AsSpan((int)(((long)(k + lz) * d.Y + j + ly) * d.X + lx), sx).CopyTo(dst.AsSpan((k * sy + j) * sx, sx));
            }
        });
        return box;
    }

    /// <summary>Writes the box volume's voxels into their place in <paramref name="full"/>; voxels outside the box are left as they are.</summary>
    public void Paste<T>(Volume<T> box, Volume<T> full) where T : unmanaged
    {
        CheckInside(full.Dimensions);
        if (box.Dimensions != Size) throw new ArgumentException($"the box volume is {box.Dimensions} voxels but the box is {Size}", nameof(box));
        Int3 d = full.Dimensions;
        T[] src = box.Data, dst = full.Data;
        int lx = Lo.X, ly = Lo.Y, lz = Lo.Z, sx = Size.X, sy = Size.Y;
        Parallel.For(0, Size.Z, k =>
        {
            for (int j = 0; j < sy; j++)
            {
                src.AsSpan((k * sy + j) * sx, sx).CopyTo(dst.AsSpan((int)(((long)(k + lz) * d.Y + j + ly) * d.X + lx), sx));
            }
        });
    }

    /// <summary>"LoX,LoY,LoZ+SizeXxSizeYxSizeZ", for messages.</summary>
    public override string ToString() => $"{Lo.X},{Lo.Y},{Lo.Z}+{Size}";

    private void CheckInside(Int3 dimensions)
    {
        if (Lo.X < 0 || Lo.Y < 0 || Lo.Z < 0 || End.X > dimensions.X || End.Y > dimensions.Y || End.Z > dimensions.Z || IsEmpty)
        {
            throw new ArgumentException($"box {this} does not lie inside a grid of {dimensions} voxels");
        }
    }
}
