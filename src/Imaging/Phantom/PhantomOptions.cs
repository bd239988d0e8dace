namespace SurgicalNav.Imaging.Phantom;

/// <summary>
/// Settings of the synthetic abdominal CT: grid size (the field of view is fixed at 400 x 400 x 300 mm, so
/// spacing follows from size), random seed, noise standard deviation in HU, number of tumours and, for heat-sink
/// studies, whether a 4 mm-radius vessel runs along z touching the first tumour on its +x side (off by default).
/// </summary>
public sealed record PhantomOptions(Int3 Size, int Seed = 1, double NoiseHu = 12, int TumorCount = 2, bool VesselTouchingTumor = false)
{
    /// <summary>The default clinical-size grid.</summary>
    public static Int3 DefaultSize => new(512, 512, 300);

    /// <summary>Field of view in mm along x, y and z.</summary>
    public static Vec3 FieldOfViewMm => new(400, 400, 300);
}
