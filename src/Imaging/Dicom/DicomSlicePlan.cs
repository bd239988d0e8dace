namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// The files of one single-frame series in slice order (k = 0 first) and the geometry of the volume to build.
/// When <see cref="SourceOffsetsMm"/> is set the stack is uneven or tilted: the decoded slices must be resampled
/// onto <see cref="Geometry"/>; each offset is that slice's position minus the first's, in mm along (row, column, normal).
/// </summary>
internal sealed record DicomSlicePlan(IReadOnlyList<DicomFileHeader> Slices, ImageGeometry Geometry, IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<Vec3>? SourceOffsetsMm { get; init; }
}
