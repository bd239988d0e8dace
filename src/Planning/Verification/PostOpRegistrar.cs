using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Surface;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Planning.Verification;

/// <summary>
/// Registers a post-op CT to the pre-op CT of the same patient, rigidly, on their bone isosurfaces: trimmed
/// point-to-plane ICP from the identity (the capture range is of the order of the pairing distance, 25 mm by default).
/// A result whose residual or inlier share misses the limits is refused with a message, never returned.
/// </summary>
public static class PostOpRegistrar
{
    private static readonly float[] BoneColor = [0.93f, 0.89f, 0.8f];

    /// <summary>Registers post to pre; throws <see cref="PlanningException"/> when either has no bone surface or the result is not acceptable.</summary>
    public static PostOpRegistration Register(Volume<short> preCt, Volume<short> postCt, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(preCt);
        ArgumentNullException.ThrowIfNull(postCt);
        options ??= VerificationOptions.Default;
        Mesh fixedMesh = Isosurface.Extract(preCt, options.BoneHu, "pre-op bone", BoneColor);
        if (fixedMesh.VertexCount < 100) throw new PlanningException($"the pre-op CT has no bone surface at {options.BoneHu:0} HU ({fixedMesh.VertexCount} vertices), so nothing to register on; is the case a CT?");
        Mesh movingMesh = Isosurface.Extract(postCt, options.BoneHu, "post-op bone", BoneColor);
        if (movingMesh.VertexCount < 100) throw new PlanningException($"the post-op series has no bone surface at {options.BoneHu:0} HU ({movingMesh.VertexCount} vertices); it does not register to the pre-op CT. Is it a CT of the same region?");
        var surface = new IcpSurface(fixedMesh.PositionsMm, fixedMesh.Normals ?? MeshNormals.Compute(fixedMesh));
        float[] moving = Subsample(movingMesh.PositionsMm, options.MaxSurfacePoints);
        IcpResult r;
        try
        {
            r = SurfaceIcp.Register(surface, moving, RigidTransform.Identity, new IcpOptions(MaxIterations: 100, TrimFraction: 0.85, MaxCorrespondenceMm: options.MaxCorrespondenceMm));
        }
        catch (RegistrationException e)
        {
            throw new PlanningException($"the post-op series does not register to the pre-op CT ({e.Message}); check that it is the same patient and region");
        }
        var result = new PostOpRegistration(r.MovingToFixed, r.RmsDistanceMm, r.InlierFraction, moving.Length / 3, r.MovingToFixed.RotationAngleDeg, r.MovingToFixed.Translation.Length, r.Iterations);
        if (!(r.RmsDistanceMm <= options.MaxRmsMm) || !(r.InlierFraction >= options.MinInlierFraction))
        {
            throw new PlanningException(
                $"the post-op series does not register to the pre-op CT: residual {r.RmsDistanceMm:0.00} mm RMS (limit {options.MaxRmsMm:0.0}), " +
                $"{r.InlierFraction * 100:0}% of bone surface points within 1.5 mm (need {options.MinInlierFraction * 100:0}%). " +
                "Check that it is the same patient and region, and that the patient moved less than about 2 cm between the scans; the plan is unchanged");
        }
        return result;
    }

    /// <summary>Every n-th point so that at most <paramref name="max"/> remain (x,y,z triples).</summary>
    private static float[] Subsample(float[] positions, int max)
    {
        int n = positions.Length / 3, stride = Math.Max(1, (n + max - 1) / max);
        var result = new float[(n + stride - 1) / stride * 3];
        for (int i = 0, o = 0; i < n; i += stride, o += 3) Array.Copy(positions, 3 * i, result, o, 3);
        return result;
    }
}
