namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Patient, study and series attributes for <see cref="DicomSeriesWriter.WriteCtSeries"/>. Nothing here comes
/// from the clock: dates and times are given, and every UID is derived from <see cref="UidSeed"/>.
/// </summary>
/// <param name="PatientName">DICOM person name, for example "Phantom^Liver"; at most 64 characters.</param>
/// <param name="PatientId">Patient ID; at most 64 characters.</param>
/// <param name="StudyDate">Study and series date as yyyymmdd.</param>
/// <param name="SeriesDescription">Series description; at most 64 characters.</param>
/// <param name="UidSeed">Seed for the study, series, frame-of-reference and instance UIDs; same seed, same UIDs.</param>
public sealed record CtSeriesInfo(string PatientName, string PatientId, string StudyDate, string SeriesDescription, string UidSeed)
{
    /// <summary>Study description; at most 64 characters.</summary>
    public string StudyDescription { get; init; } = "";

    /// <summary>Study and series time as hhmmss.</summary>
    public string StudyTime { get; init; } = "120000";

    /// <summary>Series number (0020,0011).</summary>
    public int SeriesNumber { get; init; } = 1;

    /// <summary>Default display window centre in HU.</summary>
    public double WindowCenterHu { get; init; } = 40;

    /// <summary>Default display window width in HU.</summary>
    public double WindowWidthHu { get; init; } = 400;
}
