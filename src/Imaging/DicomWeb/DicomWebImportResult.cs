using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>A series pulled from a PACS and imported: the volume and its metadata, and how the transfer went (instances, bytes, seconds).</summary>
public sealed record DicomWebImportResult(DicomSeriesResult Series, string StudyInstanceUid, int Instances, long Bytes, double RetrieveSeconds);
