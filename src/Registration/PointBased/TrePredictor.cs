using MathNet.Numerics.LinearAlgebra;
using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.PointBased;

/// <summary>
/// Target registration error predicted from the fiducial configuration alone (Fitzpatrick, West and Maurer,
/// IEEE TMI 17(5), 1998, eq. 46): TRE²(r) ≈ FLE²/N · (1 + 1/3 · Σ_k d_k²/f_k²), where FLE is the RMS 3D
/// fiducial localisation error, d_k the distance of the target r from principal axis k of the fiducials and
/// f_k the RMS distance of the fiducials from that axis. First order in FLE; isotropic, independent FLE.
/// </summary>
public sealed class TrePredictor
{
    private readonly Vec3 _centroid;
    private readonly Vec3[] _axes;
    private readonly double[] _rmsDistanceFromAxisSq;

    /// <summary>Analyses a fiducial configuration (positions in mm, in the frame where targets will be given).</summary>
    public TrePredictor(IReadOnlyList<Vec3> fiducials)
    {
        ArgumentNullException.ThrowIfNull(fiducials);
        if (fiducials.Count < 3) throw new RegistrationException($"TRE prediction needs at least 3 fiducials, got {fiducials.Count}");
        Count = fiducials.Count;
        Vec3 c = Vec3.Zero;
        foreach (Vec3 p in fiducials) c += p;
        _centroid = c / Count;
        Matrix<double> scatter = Matrix<double>.Build.Dense(3, 3);
        foreach (Vec3 p in fiducials)
        {
            Vec3 d = p - _centroid;
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++) scatter[i, j] += d[i] * d[j];
            }
        }
        var eigen = scatter.Evd(Symmetricity.Symmetric);
        _axes = new Vec3[3];
        _rmsDistanceFromAxisSq = new double[3];
        double total = 0;
        foreach (Vec3 p in fiducials) total += (p - _centroid).Length * (p - _centroid).Length;
        for (int k = 0; k < 3; k++)
        {
            _axes[k] = new Vec3(eigen.EigenVectors[0, k], eigen.EigenVectors[1, k], eigen.EigenVectors[2, k]);
            // Mean squared distance from axis k = (Σ|p-c|² - Σ((p-c)·e_k)²) / N = (total - λ_k) / N.
            _rmsDistanceFromAxisSq[k] = Math.Max(0, total - eigen.EigenValues[k].Real) / Count;
        }
    }

    /// <summary>Number of fiducials N.</summary>
    public int Count { get; }

    /// <summary>Centroid of the fiducials (mm).</summary>
    public Vec3 Centroid => _centroid;

    /// <summary>Predicted RMS TRE (mm) at <paramref name="target"/> (mm, same frame as the fiducials) for RMS 3D FLE <paramref name="fleRmsMm"/>.</summary>
    public double PredictRmsMm(Vec3 target, double fleRmsMm)
    {
        if (!(fleRmsMm >= 0) || !double.IsFinite(fleRmsMm)) throw new ArgumentOutOfRangeException(nameof(fleRmsMm), fleRmsMm, "FLE must be a finite RMS distance in mm, 0 or more");
        if (!double.IsFinite(target.X) || !double.IsFinite(target.Y) || !double.IsFinite(target.Z)) throw new ArgumentException($"target {target} is not a finite point", nameof(target));
        Vec3 r = target - _centroid;
        double rr = Vec3.Dot(r, r), sum = 0;
        for (int k = 0; k < 3; k++)
        {
            double along = Vec3.Dot(r, _axes[k]);
            double dSq = Math.Max(0, rr - along * along);
            if (_rmsDistanceFromAxisSq[k] <= 0) return double.PositiveInfinity;
            sum += dSq / _rmsDistanceFromAxisSq[k];
        }
        return Math.Sqrt(fleRmsMm * fleRmsMm / Count * (1 + sum / 3));
    }

    /// <summary>Expected RMS FRE (mm) for RMS 3D FLE <paramref name="fleRmsMm"/>: FLE·√(1 - 2/N) for a rigid fit.</summary>
    public double ExpectedFreMm(double fleRmsMm) => fleRmsMm * Math.Sqrt(Math.Max(0, 1 - 2.0 / Count));
}
