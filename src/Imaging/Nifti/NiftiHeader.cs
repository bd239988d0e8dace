namespace SurgicalNav.Imaging.Nifti;

/// <summary>
/// The parts of a NIfTI-1 header SurgicalNav uses: voxel type, the geometry already converted to patient LPS mm,
/// the value scaling (stored * slope + intercept), which transform the geometry came from, and where the voxels start.
/// </summary>
public sealed record NiftiHeader(
    NiftiDataType DataType,
    ImageGeometry Geometry,
    double ScaleSlope,
    double ScaleIntercept,
    string GeometrySource,
    bool BigEndian,
    long VoxelOffset,
    bool Compressed)
{
    /// <summary>True when stored values are rescaled on read (slope not 0 or 1, or an intercept).</summary>
    public bool IsScaled => ScaleSlope != 0 && (ScaleSlope != 1 || ScaleIntercept != 0);
}
