using MathNet.Numerics.LinearAlgebra;
using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Calibration;

/// <summary>
/// Pivot calibration by linear least squares: with the tip held in a divot, R_i·tip + t_i = pivot for every
/// pose i, solved for the tip offset in the tool frame and the pivot in the tracker frame.
/// </summary>
public static class PivotCalibration
{
    /// <summary>Ratio of the smallest to the largest singular value of the system below which the poses do not determine the tip.</summary>
    public const double MinConditionRatio = 1e-3;

    /// <summary>
    /// Solves the pivot from <paramref name="poses"/> (tool to tracker, mm). Needs at least 4 finite poses that
    /// rotate about two different axes; otherwise throws a <see cref="RegistrationException"/> saying what to do.
    /// </summary>
    public static PivotResult Solve(IReadOnlyList<ToolPose> poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count < 4) throw new RegistrationException($"pivot calibration needs at least 4 poses, got {poses.Count}; pivot the tool in its divot while recording");
        int n = poses.Count;
        Matrix<double> a = Matrix<double>.Build.Dense(3 * n, 6);
        Vector<double> b = Vector<double>.Build.Dense(3 * n);
        for (int i = 0; i < n; i++)
        {
            RigidTransform t = poses[i].ToolToTracker;
            double[] m = t.ToRowMajor();
            foreach (double v in m)
            {
                if (!double.IsFinite(v)) throw new RegistrationException($"pose {i + 1} has a NaN or infinite number; drop samples where the tool was not seen");
            }
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++) a[3 * i + r, c] = m[4 * r + c];
                a[3 * i + r, 3 + r] = -1;
                b[3 * i + r] = -m[4 * r + 3];
            }
        }
        var svd = a.Svd(computeVectors: true);
        double ratio = svd.S[5] / svd.S[0];
        double spread = MaxPairwiseAngleDeg(poses);
        if (ratio < MinConditionRatio)
        {
            throw new RegistrationException($"the poses do not determine the tip (condition ratio {ratio:G3}, orientation spread {spread:0.#}°); " +
                                            "pivot the tool in a cone of at least 30° in two directions, not in one plane");
        }
        Vector<double> x = svd.Solve(b);
        var tip = new Vec3(x[0], x[1], x[2]);
        var pivot = new Vec3(x[3], x[4], x[5]);
        double sumSq = 0, max = 0;
        foreach (ToolPose p in poses)
        {
            double e = Vec3.Distance(p.ToolToTracker.Apply(tip), pivot);
            sumSq += e * e;
            max = Math.Max(max, e);
        }
        return new PivotResult(tip, pivot, Math.Sqrt(sumSq / n), max, n, spread);
    }

    /// <summary>Largest rotation angle (degrees) between any two poses.</summary>
    internal static double MaxPairwiseAngleDeg(IReadOnlyList<ToolPose> poses)
    {
        double max = 0;
        for (int i = 0; i < poses.Count; i++)
        {
            for (int j = i + 1; j < poses.Count; j++)
            {
                max = Math.Max(max, RotationMath.AngleBetweenRad(poses[i].ToolToTracker.Rotation, poses[j].ToolToTracker.Rotation));
            }
        }
        return max * 180 / Math.PI;
    }
}
