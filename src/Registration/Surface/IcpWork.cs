using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Surface;

/// <summary>Per-registration buffers, allocated once so ICP iterations allocate nothing per point.</summary>
internal sealed class IcpWork(int count)
{
    /// <summary>Doubles per chunk accumulator: 21 upper-triangle entries of JᵀWJ, 6 of -JᵀWr, Σr², pair count.</summary>
    public const int Stride = 29;

    private double[] _partial = [];

    public Vec3[] Moved { get; } = new Vec3[count];
    /// <summary>Matched k-d tree slot per point (-1: none within the cap), also the next iteration's search hint.</summary>
    public int[] Vertex { get; } = Enumerable.Repeat(-1, count).ToArray();
    public float[] DistanceSq { get; } = new float[count];
    public float[] Scratch { get; } = new float[count];
    public double[] Residual { get; } = new double[count];
    public float[] Normals { get; set; } = [];

    public double[] Partial(int chunks)
    {
        if (_partial.Length < chunks * Stride) _partial = new double[chunks * Stride];
        return _partial;
    }
}
