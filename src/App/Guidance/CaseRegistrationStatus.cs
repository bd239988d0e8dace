using SurgicalNav.App.Cases;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// The registration status guidance reports, read from a case's stored registration (case.json "registration",
/// written by <c>register --case</c>): FRE and the predicted TRE at the planned target, in mm. case.json is parsed
/// again only when its write time changes, so asking per tracker sample is cheap.
/// </summary>
public sealed class CaseRegistrationStatus(string caseDirectory)
{
    private (DateTime WrittenUtc, RegistrationStatus Status) _cached = (DateTime.MinValue, RegistrationStatus.NotRegistered);

    /// <summary>The status now; <see cref="RegistrationStatus.NotRegistered"/> when the case has no registration or cannot be read.</summary>
    public RegistrationStatus Current()
    {
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(caseDirectory, CaseStore.CaseFile));
        var cached = _cached;
        if (cached.WrittenUtc == written) return cached.Status;
        RegistrationStatus status;
        try
        {
            status = From(CaseStore.Load(caseDirectory).Registration);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            status = RegistrationStatus.NotRegistered with { Label = "registration unreadable: " + e.Message };
        }
        _cached = (written, status);
        return status;
    }

    /// <summary>The status shown for a stored registration (null: not registered).</summary>
    public static RegistrationStatus From(CaseRegistration? r) => r is null ? RegistrationStatus.NotRegistered
        : new RegistrationStatus(true, r.PredictedTreMm,
            string.Create(CultureInfo.InvariantCulture, $"{r.From}→{r.To}: FRE {r.FreMm:0.00} mm over {r.Fiducials} fiducials") +
            (r.PredictedTreMm is { } tre ? string.Create(CultureInfo.InvariantCulture, $", predicted TRE {tre:0.00} mm at the target") : ", no target for a TRE"));
}
