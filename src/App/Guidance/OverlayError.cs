namespace SurgicalNav.App.Guidance;

/// <summary>
/// The predicted error, at the planned target (mm, RMS), of what the headset draws on the patient: the tracker
/// registration's TRE (Tracker → Image, <see cref="TrackerTreMm"/>) and the AR registration's TRE (headset world to
/// tracker or image, <see cref="ArTreMm"/>) are independent errors, so they add as a root-sum-square:
/// <see cref="CombinedTreMm"/> = √(tracker² + AR²). A part is null when that registration is missing, and so is the sum.
/// </summary>
public sealed record OverlayError(double? TrackerTreMm, double? ArTreMm, double? CombinedTreMm)
{
    /// <summary>Combines the two predicted TREs (mm) at the target by root-sum-square; null when either is unknown.</summary>
    public static OverlayError Combine(double? trackerTreMm, double? arTreMm) =>
        new(trackerTreMm, arTreMm, trackerTreMm is { } t && arTreMm is { } a ? Math.Sqrt(t * t + a * a) : null);
}
