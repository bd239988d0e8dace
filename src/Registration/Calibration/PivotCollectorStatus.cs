namespace SurgicalNav.Registration.Calibration;

/// <summary>What <see cref="PivotCollector.Add"/> did with one pose.</summary>
public enum PivotCollectorStatus
{
    /// <summary>Kept; more are needed.</summary>
    Accepted,

    /// <summary>Kept, and the collection now suffices: call <see cref="PivotCollector.Calibrate"/>.</summary>
    Ready,

    /// <summary>Too close in orientation to a pose already kept.</summary>
    Duplicate,

    /// <summary>Not finite, flagged invalid, or beyond <see cref="PivotCollectorOptions.MaxSamples"/>.</summary>
    Rejected,
}
