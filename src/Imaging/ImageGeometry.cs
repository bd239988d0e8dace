namespace SurgicalNav.Imaging;

/// <summary>
/// Where a voxel grid sits in the patient: dimensions, spacing in mm, the patient LPS position of voxel
/// (0,0,0) in mm, and direction cosines whose columns are the i, j, k axes in LPS.
/// </summary>
public sealed record ImageGeometry(Int3 Dimensions, Vec3 SpacingMm, Vec3 OriginMm, Matrix3 Direction)
{
    /// <summary>An axis-aligned geometry (identity direction).</summary>
    public static ImageGeometry Axial(Int3 dimensions, Vec3 spacingMm, Vec3 originMm) =>
        new(dimensions, spacingMm, originMm, Matrix3.Identity);

    /// <summary>Number of voxels.</summary>
    public long VoxelCount => Dimensions.Count;

    /// <summary>Volume of one voxel in mm³.</summary>
    public double VoxelVolumeMm3 => SpacingMm.X * SpacingMm.Y * SpacingMm.Z;

    /// <summary>Linear index of voxel (i, j, k): x fastest, then y, then z.</summary>
    public long Linear(int i, int j, int k) => ((long)k * Dimensions.Y + j) * Dimensions.X + i;

    /// <summary>True when (i, j, k) is a voxel of this grid.</summary>
    public bool Contains(int i, int j, int k) =>
        (uint)i < (uint)Dimensions.X && (uint)j < (uint)Dimensions.Y && (uint)k < (uint)Dimensions.Z;

    /// <summary>Patient LPS position in mm of a (possibly fractional) voxel index.</summary>
    public Vec3 IndexToPatient(double i, double j, double k) =>
        OriginMm + Direction * new Vec3(i * SpacingMm.X, j * SpacingMm.Y, k * SpacingMm.Z);

    /// <summary>Patient LPS position in mm of a voxel index.</summary>
    public Vec3 IndexToPatient(Vec3 index) => IndexToPatient(index.X, index.Y, index.Z);

    /// <summary>Continuous voxel index of a patient LPS point in mm.</summary>
    public Vec3 PatientToIndex(Vec3 pointMm)
    {
        Vec3 local = Direction.Inverse() * (pointMm - OriginMm);
        return new Vec3(local.X / SpacingMm.X, local.Y / SpacingMm.Y, local.Z / SpacingMm.Z);
    }

    /// <summary>True when a patient LPS point lies inside the grid's voxel extent (half a voxel past the centres).</summary>
    public bool ContainsPoint(Vec3 pointMm)
    {
        Vec3 index = PatientToIndex(pointMm);
        return index.X >= -0.5 && index.X <= Dimensions.X - 0.5
            && index.Y >= -0.5 && index.Y <= Dimensions.Y - 0.5
            && index.Z >= -0.5 && index.Z <= Dimensions.Z - 0.5;
    }

    /// <summary>Nearest voxel to a patient LPS point, or null when the point is outside the grid.</summary>
    public Int3? NearestVoxel(Vec3 pointMm)
    {
        Vec3 index = PatientToIndex(pointMm);
        int i = (int)Math.Round(index.X), j = (int)Math.Round(index.Y), k = (int)Math.Round(index.Z);
        return Contains(i, j, k) ? new Int3(i, j, k) : null;
    }

    /// <summary>Patient LPS corners of the grid's bounding box of voxel centres, as (min, max) in mm.</summary>
    public (Vec3 Min, Vec3 Max) PatientBounds()
    {
        var min = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var max = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (int c = 0; c < 8; c++)
        {
            Vec3 p = IndexToPatient((c & 1) * (Dimensions.X - 1), ((c >> 1) & 1) * (Dimensions.Y - 1), ((c >> 2) & 1) * (Dimensions.Z - 1));
            min = new Vec3(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vec3(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }
        return (min, max);
    }

    /// <summary>True when both grids have the same dimensions and agree in spacing, origin and direction within toleranceMm.</summary>
    public bool SameGrid(ImageGeometry other, double toleranceMm = 1e-3)
    {
        if (Dimensions != other.Dimensions) return false;
        if ((SpacingMm - other.SpacingMm).Length > toleranceMm) return false;
        if ((OriginMm - other.OriginMm).Length > toleranceMm) return false;
        double[] a = Direction.ToRowMajor(), b = other.Direction.ToRowMajor();
        for (int n = 0; n < 9; n++) if (Math.Abs(a[n] - b[n]) > 1e-4) return false;
        return true;
    }
}
