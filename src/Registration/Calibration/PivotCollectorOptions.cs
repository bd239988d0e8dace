namespace SurgicalNav.Registration.Calibration;

/// <summary>
/// When a pivot collection has enough: at least <see cref="MinSamples"/> poses, spanning <see cref="MinConeDeg"/>
/// degrees between the two most different orientations, with tilts in two directions (the second principal
/// spread at least <see cref="MinSecondDirectionRatio"/> of the first). A pose within
/// <see cref="DuplicateDeg"/> degrees of one already kept is a duplicate and is skipped. At most
/// <see cref="MaxSamples"/> are kept.
/// </summary>
public sealed record PivotCollectorOptions(int MinSamples = 40, double MinConeDeg = 30, double DuplicateDeg = 1.0, double MinSecondDirectionRatio = 0.25, int MaxSamples = 400)
{
    /// <summary>40 samples, a 30° cone in two directions, 1° duplicates.</summary>
    public static PivotCollectorOptions Default { get; } = new();
}
