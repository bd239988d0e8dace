namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>One series of a study as a QIDO-RS series search describes it; the instance count is null when the server does not report it.</summary>
public sealed record PacsSeries(string SeriesInstanceUid, string Modality, string SeriesDescription, int? SeriesNumber, int? InstanceCount)
{
    /// <summary>One line for lists in messages: UID, modality, number, description, instances.</summary>
    public override string ToString() =>
        $"{SeriesInstanceUid}  {Modality}  #{SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "?"}  \"{SeriesDescription}\"  {InstanceCount?.ToString(CultureInfo.InvariantCulture) ?? "?"} instances";
}
