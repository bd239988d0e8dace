using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>The bilateral filter's weight tables, computed once in double and shared by every backend so they all weigh with the same floats.</summary>
internal static class BilateralKernel
{
    /// <summary>Largest box in voxels (9x9x9).</summary>
    internal const int MaxBox = 729;

    /// <summary>Box half-widths in voxels, ceil(2σs / spacing) per axis; throws when the box exceeds <see cref="MaxBox"/> or a sigma is invalid.</summary>
    internal static Int3 Radii(ImageGeometry geometry, double spatialSigmaMm, double rangeSigmaHu)
    {
        if (!double.IsFinite(spatialSigmaMm) || spatialSigmaMm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spatialSigmaMm), spatialSigmaMm, "the spatial sigma must be a finite number of mm above 0");
        }
        if (!double.IsFinite(rangeSigmaHu) || rangeSigmaHu <= 0 || rangeSigmaHu > 4000)
        {
            throw new ArgumentOutOfRangeException(nameof(rangeSigmaHu), rangeSigmaHu, "the range sigma must be above 0 and at most 4000 HU");
        }
        Vec3 s = geometry.SpacingMm;
        var r = new Int3((int)Math.Ceiling(2 * spatialSigmaMm / s.X - 1e-9), (int)Math.Ceiling(2 * spatialSigmaMm / s.Y - 1e-9), (int)Math.Ceiling(2 * spatialSigmaMm / s.Z - 1e-9));
        long box = (2L * r.X + 1) * (2L * r.Y + 1) * (2L * r.Z + 1);
        if (box > MaxBox)
        {
            throw new ArgumentOutOfRangeException(nameof(spatialSigmaMm), spatialSigmaMm,
                $"a bilateral filter of spatial sigma {spatialSigmaMm} mm needs a {2 * r.X + 1}x{2 * r.Y + 1}x{2 * r.Z + 1} box at spacing {s.X}x{s.Y}x{s.Z} mm, more than {MaxBox} voxels; use a smaller sigma or Gaussian smoothing");
        }
        return r;
    }

    /// <summary>exp(-d²/2σs²) per box offset, c (z) slowest, a (x) fastest, d in mm between voxel centres.</summary>
    internal static float[] SpatialWeights(Vec3 spacingMm, Int3 r, double spatialSigmaMm)
    {
        var w = new float[(2 * r.X + 1) * (2 * r.Y + 1) * (2 * r.Z + 1)];
        int n = 0;
        for (int c = -r.Z; c <= r.Z; c++)
        for (int b = -r.Y; b <= r.Y; b++)
        for (int a = -r.X; a <= r.X; a++)
        {
            double dx = a * spacingMm.X, dy = b * spacingMm.Y, dz = c * spacingMm.Z;
            w[n++] = (float)Math.Exp(-0.5 * (dx * dx + dy * dy + dz * dz) / (spatialSigmaMm * spatialSigmaMm));
        }
        return w;
    }

    /// <summary>exp(-ΔI²/2σr²) for |ΔI| = 0..ceil(4σr); differences past the end weigh 0.</summary>
    internal static float[] RangeWeights(double rangeSigmaHu)
    {
        var w = new float[(int)Math.Ceiling(4 * rangeSigmaHu) + 1];
        for (int d = 0; d < w.Length; d++) w[d] = (float)Math.Exp(-0.5 * d * d / (rangeSigmaHu * rangeSigmaHu));
        return w;
    }
}
