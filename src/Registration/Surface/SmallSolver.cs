namespace SurgicalNav.Registration.Surface;

/// <summary>Sums per-chunk ICP accumulators and solves the 6x6 normal equations by Cholesky.</summary>
internal static class SmallSolver
{
    /// <summary>Returns the update (ω in rad, t in mm), the RMS residual (mm) and the number of pairs used.</summary>
    public static (double[] X, double Rms, int Used) SolveNormalEquations(double[] partial, int chunks)
    {
        Span<double> sum = stackalloc double[IcpWork.Stride];
        sum.Clear();
        for (int c = 0; c < chunks; c++)
        {
            for (int k = 0; k < IcpWork.Stride; k++) sum[k] += partial[c * IcpWork.Stride + k];
        }
        int used = (int)sum[28];
        var x = new double[6];
        if (used < 6) return (x, double.NaN, used);
        Span<double> a = stackalloc double[36];
        int idx = 0;
        for (int i = 0; i < 6; i++)
        {
            for (int j = i; j < 6; j++)
            {
                a[i * 6 + j] = sum[idx];
                a[j * 6 + i] = sum[idx++];
            }
        }
        // A tiny ridge keeps the factorisation defined where the surface leaves a direction unconstrained
        // (a cylinder slides along its axis); that direction then simply gets no update.
        double trace = 0;
        for (int i = 0; i < 6; i++) trace += a[i * 6 + i];
        for (int i = 0; i < 6; i++) a[i * 6 + i] += 1e-12 * trace + 1e-300;
        Span<double> l = stackalloc double[36];
        l.Clear();
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * 6 + j];
                for (int k = 0; k < j; k++) s -= l[i * 6 + k] * l[j * 6 + k];
                l[i * 6 + j] = i == j ? Math.Sqrt(Math.Max(s, 1e-300)) : s / l[j * 6 + j];
            }
        }
        Span<double> y = stackalloc double[6];
        for (int i = 0; i < 6; i++)
        {
            double s = sum[21 + i];
            for (int k = 0; k < i; k++) s -= l[i * 6 + k] * y[k];
            y[i] = s / l[i * 6 + i];
        }
        for (int i = 5; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < 6; k++) s -= l[k * 6 + i] * x[k];
            x[i] = s / l[i * 6 + i];
        }
        return (x, Math.Sqrt(sum[27] / used), used);
    }
}
