namespace SurgicalNav.Tracking.Simulation;

/// <summary>How the simulated optical tracker behaves.</summary>
public sealed record SimulatedTrackerOptions
{
    /// <summary>Tool names served, one TRANSFORM per tool per frame (defaults: Reference, Stylus, Needle).</summary>
    public IReadOnlyList<string> Tools { get; init; } = ["Reference", "Stylus", "Needle"];

    /// <summary>Frames per second (Polaris Vega runs at 60-250 Hz).</summary>
    public double RateHz { get; init; } = 250;

    /// <summary>RMS 3D position noise added to each pose, mm.</summary>
    public double NoiseMm { get; init; } = 0.25;

    /// <summary>Expected dropouts per tool per second; a dropout sends STATUS NOT_PRESENT and then nothing for <see cref="DropoutMs"/>.</summary>
    public double DropoutsPerSecond { get; init; }

    /// <summary>Length of one dropout, ms.</summary>
    public double DropoutMs { get; init; } = 300;

    /// <summary>Delay between a pose's acquisition (its timestamp) and its sending, ms.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Extra random delay per frame, uniform in [0, JitterMs], ms.</summary>
    public double JitterMs { get; init; }

    /// <summary>Seed for paths, noise and dropouts; the same seed gives the same stream.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Whether every frame is pushed to every client as TRANSFORMs (as PLUS does); false serves only what clients ask for (GET_, STT_TDATA).</summary>
    public bool SendTransforms { get; init; } = true;

    /// <summary>OpenIGTLink header version of the messages sent (1, or 2 for protocol 3 with TransformStatus metadata).</summary>
    public ushort HeaderVersion { get; init; } = 1;
}
