using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;

namespace SurgicalNav.Compute.Tests.Cpu;

/// <summary>
/// The CPU Gaussian streams its z pass through per-range plane buffers instead of a whole-volume float copy; these
/// tests pin that it gives exactly what a whole-volume float intermediate gives, for any number of slices.
/// </summary>
[TestFixture]
public sealed class CpuGaussianStreamingTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    [TestCase(7)]
    [TestCase(41)]
    public void GaussianSmooth_AnySliceCount_BitIdenticalToWholeVolumeFloatPasses(int slices)
    {
        Volume<short> source = TestVolumes.Random(new Int3(19, 13, slices), new Vec3(0.7, 0.9, 1.3), seed: slices);
        var streamed = new Volume<short>(source.Geometry);
        using var cpu = new CpuBackend();
        cpu.GaussianSmooth(source, 1.7, streamed);

        short[] expected = WholeVolumeFloatPasses(source, 1.7);
        Assert.That(streamed.Data, Is.EqualTo(expected), "same float arithmetic per voxel, so the same rounded HU");
    }

    [Test]
    public void GaussianSmooth_InPlaceAcrossRanges_BitIdenticalToSeparateDestination()
    {
        Volume<short> source = TestVolumes.Random(new Int3(23, 17, 37), new Vec3(0.6, 0.6, 0.5), seed: 9);
        short[] expected = WholeVolumeFloatPasses(source, 1.5);
        using var cpu = new CpuBackend();
        cpu.GaussianSmooth(source, 1.5, source);
        Assert.That(source.Data, Is.EqualTo(expected), "range borders read source slices before any range writes them");
    }

    /// <summary>x, then y, then z, each a clamped float convolution with the backend's weights in the same order.</summary>
    private static short[] WholeVolumeFloatPasses(Volume<short> source, double sigmaMm)
    {
        Int3 d = source.Dimensions;
        float[] data = [.. source.Data.Select(v => (float)v)];
        for (int axis = 0; axis < 3; axis++)
        {
            float[] w = GaussianKernel.Weights(sigmaMm, source.Geometry.SpacingMm[axis]);
            int r = w.Length / 2, n = d[axis];
            var output = new float[data.Length];
            for (int k = 0; k < d.Z; k++)
            for (int j = 0; j < d.Y; j++)
            for (int i = 0; i < d.X; i++)
            {
                int pos = axis == 0 ? i : axis == 1 ? j : k;
                float acc = 0;
                for (int t = 0; t < w.Length; t++)
                {
                    int q = Math.Clamp(pos + t - r, 0, n - 1);
                    int ii = axis == 0 ? q : i, jj = axis == 1 ? q : j, kk = axis == 2 ? q : k;
                    acc += w[t] * data[(kk * d.Y + jj) * d.X + ii];
                }
                output[(k * d.Y + j) * d.X + i] = acc;
            }
            data = output;
        }
        return [.. data.Select(v => (short)MathF.Round(Math.Clamp(v, short.MinValue, short.MaxValue)))];
    }
}
