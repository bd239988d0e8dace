namespace SurgicalNav.App.Guidance;

/// <summary>
/// The registration the guidance relies on, as the AR display shows it: whether image and tracker are
/// registered, and the predicted target registration error in mm at the planned target (null when not
/// registered). <paramref name="Label"/> is the text shown, such as "not registered". <paramref name="Overlay"/> is the
/// predicted error of the headset overlay at the target: this TRE and the AR registration's, and their root-sum-square.
/// </summary>
public sealed record RegistrationStatus(bool Registered, double? PredictedTreMm, string Label, OverlayError? Overlay = null)
{
    /// <summary>No registration yet: poses are taken as already in the image frame and must not be trusted on a patient.</summary>
    public static RegistrationStatus NotRegistered { get; } = new(false, null, "not registered");
}
