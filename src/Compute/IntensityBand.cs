namespace SurgicalNav.Compute;

/// <summary>An inclusive intensity interval in voxel units (HU for CT) for multi-band thresholding.</summary>
/// <param name="Low">Lowest value inside the band.</param>
/// <param name="High">Highest value inside the band.</param>
public readonly record struct IntensityBand(short Low, short High);
