namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// How label maps become surfaces. Step &gt; 1 meshes a nearest-neighbour subsampled grid (every Step-th
/// voxel along i, j and k, spacing scaled by Step) to cut the triangle count for headsets; proper
/// quadric decimation is planned and will replace this for quality-sensitive uses.
/// </summary>
public sealed record MeshingOptions
{
    /// <summary>Taubin smoothing iterations (each one λ pass plus one μ pass); 0 keeps the raw surface-nets vertices.</summary>
    public int SmoothingIterations { get; init; } = 10;

    /// <summary>Taubin pass-band frequency k_pb (dimensionless, typically 0.01..0.1); sets μ = 1 / (k_pb - 1/λ).</summary>
    public double SmoothingPassBand { get; init; } = 0.1;

    /// <summary>Subsampling step in voxels (1 = full resolution); the meshed grid spacing is Step times the label spacing in mm.</summary>
    public int Step { get; init; } = 1;

    /// <summary>The defaults: 10 Taubin iterations, pass band 0.1, full resolution.</summary>
    public static MeshingOptions Default { get; } = new();
}
