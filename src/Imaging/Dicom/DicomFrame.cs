namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// One frame of a multi-frame object: its position and orientation in patient LPS mm (from the functional
/// groups, or for RT Dose from GridFrameOffsetVector), pixel spacing (row, column) in mm, and its own
/// rescale (value = stored * Slope + Intercept).
/// </summary>
internal sealed record DicomFrame(Vec3? PositionMm, Vec3? OrientationRow, Vec3? OrientationColumn, (double Row, double Column)? PixelSpacingMm, double? ThicknessMm, double Slope, double Intercept);
