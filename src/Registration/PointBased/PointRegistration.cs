using MathNet.Numerics.LinearAlgebra;
using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.PointBased;

/// <summary>
/// Paired-point registration: the rigid (or similarity) transform that maps moving fiducials onto fixed
/// ones in the least-squares sense, by SVD of the cross-covariance (Arun 1987, Umeyama 1991), with the
/// reflection case handled so the result is always a proper rotation.
/// </summary>
public static class PointRegistration
{
    /// <summary>
    /// Registers <paramref name="moving"/> (mm, e.g. tracker or reference frame) onto <paramref name="fixedPoints"/>
    /// (mm, e.g. image LPS), pair by pair. Rejects fewer than 3 pairs, mismatched counts, non-finite coordinates
    /// and (near-)collinear configurations with a <see cref="RegistrationException"/> that says what to do.
    /// </summary>
    public static PointRegistrationResult Solve(IReadOnlyList<Vec3> moving, IReadOnlyList<Vec3> fixedPoints, PointRegistrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(moving);
        ArgumentNullException.ThrowIfNull(fixedPoints);
        options ??= PointRegistrationOptions.Default;
        Validate(moving, fixedPoints, options);
        RigidTransform t = Fit(moving, fixedPoints, options.AllowScale, skip: -1);
        var residuals = new double[moving.Count];
        double sumSq = 0;
        for (int i = 0; i < moving.Count; i++)
        {
            residuals[i] = Vec3.Distance(t.Apply(moving[i]), fixedPoints[i]);
            sumSq += residuals[i] * residuals[i];
        }
        double fre = Math.Sqrt(sumSq / moving.Count);
        return new PointRegistrationResult(t, fre, residuals, WorstByLeaveOneOut(moving, fixedPoints, options, residuals), new TrePredictor(fixedPoints));
    }

    private static void Validate(IReadOnlyList<Vec3> moving, IReadOnlyList<Vec3> fixedPoints, PointRegistrationOptions options)
    {
        if (moving.Count != fixedPoints.Count)
        {
            throw new RegistrationException($"paired-point registration needs the same number of moving and fixed points, got {moving.Count} moving and {fixedPoints.Count} fixed; " +
                                            "list the fiducials in the same order in both sets");
        }
        if (moving.Count < 3)
        {
            throw new RegistrationException($"paired-point registration needs at least 3 fiducial pairs, got {moving.Count}; localise 3 or more (4-6 spread around the target is better)");
        }
        for (int i = 0; i < moving.Count; i++)
        {
            CheckFinite(moving[i], "moving", i);
            CheckFinite(fixedPoints[i], "fixed", i);
        }
        CheckSpread(moving, "moving", options.MinSpreadRatio);
        CheckSpread(fixedPoints, "fixed", options.MinSpreadRatio);
        if (options.MaxUnitsMismatch is { } limit && !options.AllowScale) CheckUnits(moving, fixedPoints, limit);
    }

    /// <summary>Compares the RMS distances of each set from its centroid; rigid motion keeps them, a change of units does not.</summary>
    private static void CheckUnits(IReadOnlyList<Vec3> moving, IReadOnlyList<Vec3> fixedPoints, double limit)
    {
        double m = RmsSpreadMm(moving), f = RmsSpreadMm(fixedPoints);
        double ratio = m / f;
        if (ratio <= limit && ratio >= 1 / limit) return;
        throw new RegistrationException($"the moving points spread {m:0.###} mm (RMS about their centre) and the fixed points {f:0.#} mm, {(ratio > 1 ? ratio : 1 / ratio):0.#} times " +
                                        $"{(ratio > 1 ? "more" : "less")}: they are not in the same units (metres or centimetres sent as millimetres?). " +
                                        "Send every point in mm, then localise the fiducials again");
    }

    private static double RmsSpreadMm(IReadOnlyList<Vec3> points)
    {
        Vec3 c = Centroid(points, -1);
        double sumSq = 0;
        foreach (Vec3 p in points) sumSq += Vec3.Dot(p - c, p - c);
        return Math.Sqrt(sumSq / points.Count);
    }

    private static void CheckFinite(Vec3 p, string which, int index)
    {
        if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z))
        {
            throw new RegistrationException($"{which} point {index + 1} is ({p.X}, {p.Y}, {p.Z}), not a finite position in mm; re-localise it or remove the pair");
        }
    }

    /// <summary>Singular values of the centred cloud: σ2/σ1 near 0 means the points lie near a line and rotation about it is undetermined.</summary>
    private static void CheckSpread(IReadOnlyList<Vec3> points, string which, double minRatio)
    {
        double[] s = SpreadSingularValues(points);
        if (s[0] < 1e-9)
        {
            throw new RegistrationException($"the {which} points all coincide; spread the fiducials at least a few centimetres apart");
        }
        double ratio = s[1] / s[0];
        if (ratio < minRatio)
        {
            throw new RegistrationException($"the {which} points are nearly collinear (spread ratio σ2/σ1 = {ratio:G3}, below {minRatio}); " +
                                            "rotation about that line is undetermined. Add a fiducial well off the line through the others");
        }
    }

    /// <summary>Singular values (descending, mm·√N) of the centred point cloud.</summary>
    internal static double[] SpreadSingularValues(IReadOnlyList<Vec3> points)
    {
        Vec3 c = Centroid(points, -1);
        Matrix<double> m = Matrix<double>.Build.Dense(points.Count, 3);
        for (int i = 0; i < points.Count; i++)
        {
            Vec3 d = points[i] - c;
            m[i, 0] = d.X; m[i, 1] = d.Y; m[i, 2] = d.Z;
        }
        return m.Svd(computeVectors: false).S.ToArray();
    }

    private static Vec3 Centroid(IReadOnlyList<Vec3> points, int skip)
    {
        Vec3 c = Vec3.Zero;
        int n = 0;
        for (int i = 0; i < points.Count; i++)
        {
            if (i == skip) continue;
            c += points[i];
            n++;
        }
        return c / n;
    }

    /// <summary>Umeyama's closed form; pair <paramref name="skip"/> is left out (-1 for none).</summary>
    private static RigidTransform Fit(IReadOnlyList<Vec3> moving, IReadOnlyList<Vec3> fixedPoints, bool allowScale, int skip)
    {
        Vec3 cm = Centroid(moving, skip), cf = Centroid(fixedPoints, skip);
        Matrix<double> h = Matrix<double>.Build.Dense(3, 3);
        double movingVariance = 0;
        for (int i = 0; i < moving.Count; i++)
        {
            if (i == skip) continue;
            Vec3 a = moving[i] - cm, b = fixedPoints[i] - cf;
            movingVariance += Vec3.Dot(a, a);
            for (int row = 0; row < 3; row++)
            {
                for (int col = 0; col < 3; col++) h[row, col] += a[row] * b[col];
            }
        }
        var svd = h.Svd(computeVectors: true);
        Matrix<double> u = svd.U, v = svd.VT.Transpose();
        // Reflection: when det(V·Uᵀ) < 0 the best proper rotation flips the axis of the smallest singular value.
        double sign = (v * u.Transpose()).Determinant() < 0 ? -1 : 1;
        Matrix<double> d = Matrix<double>.Build.DenseDiagonal(3, 3, 1.0);
        d[2, 2] = sign;
        Matrix<double> r = v * d * u.Transpose();
        double scale = 1;
        if (allowScale)
        {
            double traceSd = svd.S[0] + svd.S[1] + sign * svd.S[2];
            scale = traceSd / movingVariance;
        }
        var rotation = new Matrix3(r[0, 0], r[0, 1], r[0, 2], r[1, 0], r[1, 1], r[1, 2], r[2, 0], r[2, 1], r[2, 2]);
        return new RigidTransform(rotation, cf - scale * (rotation * cm), scale);
    }

    /// <summary>Refits without each fiducial in turn and reports the one the others predict worst (null for 3 fiducials).</summary>
    private static WorstFiducial? WorstByLeaveOneOut(IReadOnlyList<Vec3> moving, IReadOnlyList<Vec3> fixedPoints, PointRegistrationOptions options, double[] residuals)
    {
        if (moving.Count < 4) return null;
        WorstFiducial? worst = null;
        var rest = new List<Vec3>(moving.Count - 1);
        for (int k = 0; k < moving.Count; k++)
        {
            rest.Clear();
            for (int i = 0; i < moving.Count; i++)
            {
                if (i != k) rest.Add(fixedPoints[i]);
            }
            double[] s = SpreadSingularValues(rest);
            if (s[0] < 1e-9 || s[1] / s[0] < options.MinSpreadRatio) continue;
            RigidTransform t = Fit(moving, fixedPoints, options.AllowScale, skip: k);
            double error = Vec3.Distance(t.Apply(moving[k]), fixedPoints[k]);
            if (worst is not null && error <= worst.LeaveOneOutErrorMm) continue;
            double sumSq = 0;
            for (int i = 0; i < moving.Count; i++)
            {
                if (i == k) continue;
                double e = Vec3.Distance(t.Apply(moving[i]), fixedPoints[i]);
                sumSq += e * e;
            }
            worst = new WorstFiducial(k, residuals[k], error, Math.Sqrt(sumSq / (moving.Count - 1)));
        }
        return worst;
    }
}
