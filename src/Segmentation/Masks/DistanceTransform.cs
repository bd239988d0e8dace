using System.Buffers;
using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Masks;

/// <summary>
/// Exact Euclidean distance transform in mm with anisotropic spacing (Felzenszwalb and Huttenlocher's
/// separable lower envelope of parabolas), parallel over rows.
/// </summary>
public static class DistanceTransform
{
    /// <summary>
    /// Distance in mm from every voxel centre to the nearest non-zero voxel centre of <paramref name="mask"/>
    /// (0 on the mask). An empty mask gives +infinity everywhere.
    /// </summary>
    public static Volume<float> Unsigned(Volume<byte> mask)
    {
        Int3 d = mask.Dimensions;
        Vec3 s = mask.Geometry.SpacingMm;
        var result = new Volume<float>(mask.Geometry);
        float[] f = result.Data;
        byte[] m = mask.Data;
        int nx = d.X, ny = d.Y, nz = d.Z;

        // x pass works in place on rows; squared distances in mm².
        Parallel.For(0, ny * nz, () => new Envelope(nx), (row, _, env) =>
        {
            Span<float> line = f.AsSpan(row * nx, nx);
            ReadOnlySpan<byte> mrow = m.AsSpan(row * nx, nx);
            for (int i = 0; i < nx; i++) line[i] = mrow[i] != 0 ? 0f : float.PositiveInfinity;
            env.Transform(line, (float)(s.X * s.X));
            return env;
        }, _ => { });

        // y pass: gather each (i, k) column, transform, scatter.
        Parallel.For(0, nz, () => new Envelope(ny), (k, _, env) =>
        {
            Span<float> column = env.Scratch;
            for (int i = 0; i < nx; i++)
            {
                int baseIndex = k * ny * nx + i;
                for (int j = 0; j < ny; j++) column[j] = f[baseIndex + j * nx];
                env.Transform(column[..ny], (float)(s.Y * s.Y));
                for (int j = 0; j < ny; j++) f[baseIndex + j * nx] = column[j];
            }
            return env;
        }, _ => { });

        // z pass: gather each (i, j) column across slices, then take the square root.
        int slice = nx * ny;
        Parallel.For(0, ny, () => new Envelope(nz), (j, _, env) =>
        {
            Span<float> column = env.Scratch;
            for (int i = 0; i < nx; i++)
            {
                int baseIndex = j * nx + i;
                for (int k = 0; k < nz; k++) column[k] = f[baseIndex + k * slice];
                env.Transform(column[..nz], (float)(s.Z * s.Z));
                for (int k = 0; k < nz; k++) f[baseIndex + k * slice] = MathF.Sqrt(column[k]);
            }
            return env;
        }, _ => { });
        return result;
    }

    /// <summary>Signed distance in mm: negative inside the mask (distance to the nearest outside voxel), positive outside.</summary>
    public static Volume<float> Signed(Volume<byte> mask)
    {
        Volume<float> outside = Unsigned(mask);
        var inverted = new Volume<byte>(mask.Geometry);
        byte[] src = mask.Data, inv = inverted.Data;
        for (int n = 0; n < src.Length; n++) inv[n] = src[n] == 0 ? (byte)1 : (byte)0;
        Volume<float> inside = Unsigned(inverted);
        float[] o = outside.Data, i = inside.Data;
        for (int n = 0; n < o.Length; n++) if (src[n] != 0) o[n] = -i[n];
        return outside;
    }

    /// <summary>Per-thread buffers for the 1D lower-envelope transform.</summary>
    private sealed class Envelope(int length)
    {
        private readonly int[] _v = new int[length];
        private readonly float[] _z = new float[length + 1];
        private readonly float[] _out = new float[length];

        public float[] Scratch { get; } = new float[length];

        /// <summary>In-place 1D transform of squared distances with squared spacing w (mm²).</summary>
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
}
