using MathNet.Numerics.LinearAlgebra;
using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Calibration;

/// <summary>
/// Spin calibration: with the tool spun about its own shaft, every relative rotation R_iᵀ·R_j is a rotation
/// about the shaft axis a (tool frame), so (R_iᵀ·R_j - I)·a = 0. The axis is the least-squares null vector.
/// </summary>
public static class SpinCalibration
{
    /// <summary>
    /// Finds the shaft axis from poses (tool to tracker) recorded while spinning the tool about its shaft by at
    /// least 20°. When <paramref name="tipInTool"/> is given (mm, from pivot calibration) the axis points from the
    /// marker origin towards the tip.
    /// </summary>
    public static SpinResult Solve(IReadOnlyList<ToolPose> poses, Vec3? tipInTool = null)
    {
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count < 3) throw new RegistrationException($"spin calibration needs at least 3 poses, got {poses.Count}; spin the tool about its shaft while recording");
        double range = PivotCalibration.MaxPairwiseAngleDeg(poses);
        if (!(range >= 20)) throw new RegistrationException($"the tool was spun by only {range:0.#}°; spin it about its shaft by at least 20° (90° or more is better)");
        Matrix<double> normal = Matrix<double>.Build.Dense(3, 3);
        int pairs = 0;
        for (int i = 0; i < poses.Count; i++)
        {
            Matrix3 ri = poses[i].ToolToTracker.Rotation.Transposed();
            for (int j = i + 1; j < poses.Count; j++)
            {
                Matrix3 m = RotationMath.Multiply(ri, poses[j].ToolToTracker.Rotation);
                var d = Matrix<double>.Build.DenseOfArray(new[,]
                {
                    { m.M00 - 1, m.M01, m.M02 },
                    { m.M10, m.M11 - 1, m.M12 },
                    { m.M20, m.M21, m.M22 - 1 },
                });
                normal += d.TransposeThisAndMultiply(d);
                pairs++;
            }
        }
        var evd = normal.Evd(Symmetricity.Symmetric);
        int smallest = 0;
        for (int k = 1; k < 3; k++)
        {
            if (evd.EigenValues[k].Real < evd.EigenValues[smallest].Real) smallest = k;
        }
        var axis = new Vec3(evd.EigenVectors[0, smallest], evd.EigenVectors[1, smallest], evd.EigenVectors[2, smallest]).Normalized();
        if (tipInTool is { } tip && Vec3.Dot(axis, tip) < 0) axis = -axis;
        double sumSq = 0;
        for (int i = 0; i < poses.Count; i++)
        {
            for (int j = i + 1; j < poses.Count; j++)
            {
                Vec3 w = RotationMath.ToRotationVector(RotationMath.Multiply(poses[i].ToolToTracker.Rotation.Transposed(), poses[j].ToolToTracker.Rotation));
                if (w.Length < 1e-3) continue;
                double c = Math.Abs(Vec3.Dot(w.Normalized(), axis));
                double angle = Math.Acos(Math.Min(1, c)) * 180 / Math.PI;
                sumSq += angle * angle;
            }
        }
        return new SpinResult(axis, range, Math.Sqrt(sumSq / pairs), poses.Count);
    }
}
