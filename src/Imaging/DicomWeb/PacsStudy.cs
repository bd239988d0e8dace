namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>One study as a QIDO-RS study search describes it. Date is DICOM's YYYYMMDD text; counts are null when the server does not report them.</summary>
public sealed record PacsStudy(
    string StudyInstanceUid,
    string PatientName,
    string PatientId,
    string StudyDate,
    string StudyDescription,
    IReadOnlyList<string> Modalities,
    int? SeriesCount,
    int? InstanceCount);
