namespace SurgicalNav.Imaging.Dicom;

/// <summary>The files of one single-frame series in slice order (k = 0 first) and the geometry they span.</summary>
internal sealed record DicomSlicePlan(IReadOnlyList<DicomFileHeader> Slices, ImageGeometry Geometry, IReadOnlyList<string> Warnings);
