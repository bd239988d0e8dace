using SurgicalNav.Imaging;

namespace SurgicalNav.Registration.Calibration;

/// <summary>
/// Collects pivot poses from a tracker stream until their spread suffices for a good calibration, skipping
/// duplicates (the tool resting still) and invalid samples. Feed it every pose; when <see cref="IsReady"/> turns
/// true, call <see cref="Calibrate"/>. Not thread-safe: feed it from one thread.
/// </summary>
public sealed class PivotCollector(PivotCollectorOptions? options = null)
{
    private readonly PivotCollectorOptions _options = options ?? PivotCollectorOptions.Default;
    private readonly List<ToolPose> _samples = [];
    private readonly double[] _moment = new double[6];
    private double _coneRad;

    /// <summary>The poses kept so far.</summary>
    public IReadOnlyList<ToolPose> Samples => _samples;

    /// <summary>Largest orientation difference between two kept poses, in degrees.</summary>
    public double ConeDeg => _coneRad * 180 / Math.PI;

    /// <summary>Ratio (0 to 1) of the second to the first principal spread of the tilts; near 0 means the tool swung in one plane only.</summary>
    public double SecondDirectionRatio { get; private set; }

    /// <summary>True when the kept poses meet every threshold of the options.</summary>
    public bool IsReady => _samples.Count >= _options.MinSamples && ConeDeg >= _options.MinConeDeg && SecondDirectionRatio >= _options.MinSecondDirectionRatio;

    /// <summary>What is still missing, in words, for a progress display.</summary>
    public string Progress =>
        $"{_samples.Count}/{_options.MinSamples} poses, cone {ConeDeg:0}°/{_options.MinConeDeg:0}°, second direction {SecondDirectionRatio:0.00}/{_options.MinSecondDirectionRatio:0.00}";

    /// <summary>Offers one pose (tool to tracker, mm); <paramref name="valid"/> false (tool not seen) rejects it.</summary>
    public PivotCollectorStatus Add(ToolPose pose, bool valid = true)
    {
        if (!valid || !IsFinite(pose.ToolToTracker) || _samples.Count >= _options.MaxSamples) return PivotCollectorStatus.Rejected;
        double duplicateRad = _options.DuplicateDeg * Math.PI / 180, widest = 0;
        Matrix3 r = pose.ToolToTracker.Rotation;
        foreach (ToolPose kept in _samples)
        {
            double angle = RotationMath.AngleBetweenRad(kept.ToolToTracker.Rotation, r);
            if (angle < duplicateRad) return PivotCollectorStatus.Duplicate;
            widest = Math.Max(widest, angle);
        }
        _samples.Add(pose);
        _coneRad = Math.Max(_coneRad, widest);
        UpdateDirections(r);
        return IsReady ? PivotCollectorStatus.Ready : PivotCollectorStatus.Accepted;
    }

    /// <summary>Solves the pivot from the kept poses; throws when <see cref="IsReady"/> is false, saying what is missing.</summary>
    public PivotResult Calibrate()
    {
        if (!IsReady) throw new RegistrationException($"pivot collection is not complete ({Progress}); keep pivoting the tool in its divot");
        return PivotCalibration.Solve(_samples);
    }

    /// <summary>Starts over.</summary>
    public void Clear()
    {
        _samples.Clear();
        Array.Clear(_moment);
        _coneRad = 0;
        SecondDirectionRatio = 0;
    }

    /// <summary>
    /// Second moment of the rotation vectors from the first pose: tilting in one plane gives vectors along one
    /// axis (rank 1), a cone gives two comparable directions.
    /// </summary>
    private void UpdateDirections(Matrix3 r)
    {
        Vec3 w = RotationMath.ToRotationVector(RotationMath.Multiply(_samples[0].ToolToTracker.Rotation.Transposed(), r));
        _moment[0] += w.X * w.X; _moment[1] += w.X * w.Y; _moment[2] += w.X * w.Z;
        _moment[3] += w.Y * w.Y; _moment[4] += w.Y * w.Z; _moment[5] += w.Z * w.Z;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new[,]
        {
            { _moment[0], _moment[1], _moment[2] },
            { _moment[1], _moment[3], _moment[4] },
            { _moment[2], _moment[4], _moment[5] },
        });
        double[] ev = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(e => e.Real).OrderDescending().ToArray();
        SecondDirectionRatio = ev[0] > 0 ? Math.Sqrt(Math.Max(0, ev[1]) / ev[0]) : 0;
    }

    private static bool IsFinite(RigidTransform t)
    {
        foreach (double v in t.ToRowMajor())
        {
            if (!double.IsFinite(v)) return false;
        }
        return true;
    }
}
