namespace SurgicalNav.Compute.Cpu;

/// <summary>
/// Per-thread buffers for the 1D squared distance transform of Felzenszwalb and Huttenlocher (lower envelope of
/// parabolas). The OpenCL kernel edt_line performs the same float operations in the same order.
/// </summary>
internal sealed class LowerEnvelope(int length)
{
    private readonly int[] _v = new int[length];
    private readonly float[] _z = new float[length + 1];
    private readonly float[] _out = new float[length];

    /// <summary>Gather buffer for a strided line.</summary>
    public float[] Scratch { get; } = new float[length];

    /// <summary>In-place 1D transform of squared distances with squared spacing <paramref name="w"/> (mm²).</summary>
    public void Transform(Span<float> line, float w)
    {
        int n = line.Length, count = -1;
        for (int q = 0; q < n; q++)
        {
            if (float.IsPositiveInfinity(line[q])) continue;
            float fq = line[q] + w * q * q;
            while (count >= 0)
            {
                int p = _v[count];
                float sIntersect = (fq - (line[p] + w * p * p)) / (2 * w * (q - p));
                if (sIntersect <= _z[count]) count--;
                else { count++; _v[count] = q; _z[count] = sIntersect; break; }
            }
            if (count < 0) { count = 0; _v[0] = q; _z[0] = float.NegativeInfinity; }
            _z[count + 1] = float.PositiveInfinity;
        }
        if (count < 0) return; // no finite value in this line: it stays infinite
        int e = 0;
        for (int q = 0; q < n; q++)
        {
            while (_z[e + 1] < q) e++;
            int p = _v[e];
            float dq = q - p;
            _out[q] = w * dq * dq + line[p];
        }
        _out.AsSpan(0, n).CopyTo(line);
    }
}
