using SurgicalNav.App.Cases;
using SurgicalNav.App.Server.Ar;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// The registration status guidance reports, read from a case's stored registration (case.json "registration",
/// written by <c>register --case</c> or the in-app pointer registration): FRE and the predicted TRE at the planned
/// target, in mm, and the overlay error combining it with the in-app AR registration's TRE (ar-registration.json).
/// The files are parsed again only when their write times change, so asking per tracker sample is cheap.
/// </summary>
public sealed class CaseRegistrationStatus(string caseDirectory)
{
    private (DateTime CaseWrittenUtc, DateTime ArWrittenUtc, RegistrationStatus Status) _cached = (DateTime.MinValue, DateTime.MinValue, RegistrationStatus.NotRegistered);

    /// <summary>The status now; <see cref="RegistrationStatus.NotRegistered"/> when the case has no registration or cannot be read.</summary>
    public RegistrationStatus Current()
    {
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(caseDirectory, CaseStore.CaseFile));
        DateTime arWritten = File.GetLastWriteTimeUtc(Path.Combine(caseDirectory, ArFiducials.FileName));
        var cached = _cached;
        if (cached.CaseWrittenUtc == written && cached.ArWrittenUtc == arWritten) return cached.Status;
        RegistrationStatus status;
        try
        {
            status = From(CaseStore.Load(caseDirectory).Registration, ArFiducials.TryLoad(caseDirectory)?.Latest?.PredictedTreMm);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            status = RegistrationStatus.NotRegistered with { Label = "registration unreadable: " + e.Message };
        }
        _cached = (written, arWritten, status);
        return status;
    }

    /// <summary>The status shown for a stored registration (null: not registered) and the AR registration's predicted TRE at the target (mm, null: none).</summary>
    public static RegistrationStatus From(CaseRegistration? r, double? arTreMm = null)
    {
        OverlayError? overlay = r is null && arTreMm is null ? null : OverlayError.Combine(r?.PredictedTreMm, arTreMm);
        return r is null ? RegistrationStatus.NotRegistered with { Overlay = overlay }
            : new RegistrationStatus(true, r.PredictedTreMm,
                string.Create(CultureInfo.InvariantCulture, $"{r.From}→{r.To}: FRE {r.FreMm:0.00} mm over {r.Fiducials} fiducials") +
                (r.PredictedTreMm is { } tre ? string.Create(CultureInfo.InvariantCulture, $", predicted TRE {tre:0.00} mm at the target") : ", no target for a TRE"),
                overlay);
    }
}
