namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>What a study search matches: patient name (DICOM wildcards * and ?) and modality (CT, MR, ...); null matches everything.</summary>
public sealed record StudyQuery(string? PatientName = null, string? Modality = null, string? StudyInstanceUid = null)
{
    /// <summary>Most studies one search returns.</summary>
    public int Limit { get; init; } = 1000;
}
