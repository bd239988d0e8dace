namespace SurgicalNav.Compute;

/// <summary>Normalised 1D Gaussian weights shared by every backend, so that all of them convolve with the same floats.</summary>
internal static class GaussianKernel
{
    /// <summary>
    /// Weights for offsets -radius..radius voxels, where sigma in voxels is <paramref name="sigmaMm"/> over
    /// <paramref name="spacingMm"/> and radius is ceil(3 sigma). Summed in double, then stored as float.
    /// </summary>
    internal static float[] Weights(double sigmaMm, double spacingMm)
    {
        double sigmaVoxels = sigmaMm / spacingMm;
        int radius = (int)Math.Ceiling(3 * sigmaVoxels);
        if (sigmaVoxels <= 0 || radius == 0) return [1f];
        double[] raw = new double[2 * radius + 1];
        double sum = 0;
        for (int n = -radius; n <= radius; n++)
        {
            raw[n + radius] = Math.Exp(-0.5 * n * n / (sigmaVoxels * sigmaVoxels));
            sum += raw[n + radius];
        }
        float[] weights = new float[raw.Length];
        for (int n = 0; n < raw.Length; n++) weights[n] = (float)(raw[n] / sum);
        return weights;
    }
}
