namespace SurgicalNav.Compute;

/// <summary>Voxel count and the mean and population standard deviation of the image values (HU for CT) under a mask.</summary>
/// <param name="Count">Number of voxels under the mask.</param>
/// <param name="Mean">Mean value, in the image's units (HU); 0 when the mask is empty.</param>
/// <param name="StdDev">Population standard deviation, in the image's units (HU); 0 when the mask is empty.</param>
public readonly record struct MaskStatistics(long Count, double Mean, double StdDev)
{
    /// <summary>Statistics from exact integer sums of values and of squared values.</summary>
    internal static MaskStatistics FromSums(long count, long sum, long sumOfSquares)
    {
        if (count == 0) return new MaskStatistics(0, 0, 0);
        double mean = (double)sum / count;
        double variance = Math.Max((double)sumOfSquares / count - mean * mean, 0);
        return new MaskStatistics(count, mean, Math.Sqrt(variance));
    }
}
