using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Cpu;

// Edge-preserving denoising.
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Bilateral(IDeviceVolume<short> source, double spatialSigmaMm, double rangeSigmaHu, IDeviceVolume<short> destination)
    {
        DeviceVolumeChecks.SameDimensions(source, destination);
        DeviceVolumeChecks.Distinct(source, destination, nameof(Bilateral));
        Int3 r = BilateralKernel.Radii(source.Geometry, spatialSigmaMm, rangeSigmaHu);
        float[] spatial = BilateralKernel.SpatialWeights(source.Geometry.SpacingMm, r, spatialSigmaMm);
        float[] range = BilateralKernel.RangeWeights(rangeSigmaHu);
        short[] src = Host(source).Array, dst = Host(destination).Array;
        Int3 d = source.Geometry.Dimensions;
        Parallel.For(0, d.Z, k =>
        {
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                int centre = src[(k * d.Y + j) * d.X + i];
                float sum = 0f, norm = 0f;
                int t = 0;
                for (int c = -r.Z; c <= r.Z; c++)
                {
                    int kk = Math.Clamp(k + c, 0, d.Z - 1);
                    for (int b = -r.Y; b <= r.Y; b++)
                    {
                        int row = (kk * d.Y + Math.Clamp(j + b, 0, d.Y - 1)) * d.X;
                        for (int a = -r.X; a <= r.X; a++, t++)
                        {
                            int v = src[row + Math.Clamp(i + a, 0, d.X - 1)];
                            int delta = Math.Abs(v - centre);
                            if (delta >= range.Length) continue;
                            float w = spatial[t] * range[delta];
                            sum += w * v;
                            norm += w;
                        }
                    }
                }
                dst[(k * d.Y + j) * d.X + i] = RoundToShort(sum / norm);
            }
        });
    }
}
