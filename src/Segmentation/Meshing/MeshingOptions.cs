namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// How label maps become surfaces: multi-label surface nets at full resolution, windowed-sinc smoothing of the shared
/// vertices, then quadric decimation to a triangle budget and/or a maximum error in mm.
/// </summary>
public sealed record MeshingOptions
{
    /// <summary>Windowed-sinc smoothing iterations (Chebyshev terms, one neighbour average each); 0 keeps the raw surface-nets vertices.</summary>
    public int SmoothingIterations { get; init; } = 20;

    /// <summary>Windowed-sinc pass band k_pb on the Laplacian spectrum [0, 2] (dimensionless, typically 0.01..0.1; lower smooths more).</summary>
    public double SmoothingPassBand { get; init; } = 0.1;

    /// <summary>
    /// Total triangle budget over all segments (0 = no budget). Each segment gets a share proportional to its
    /// full-resolution triangle count. 300k fits a headset frame.
    /// </summary>
    public int MaxTriangles { get; init; } = 300_000;

    /// <summary>
    /// Largest surface movement decimation may cause, in mm (infinity = only the budget limits it): decimation
    /// stops when the next collapse's quadric error (root of summed squared distances to the original planes)
    /// would pass it, and no full-resolution vertex may end farther than this from the decimated surface.
    /// Setting it alone (no budget) decimates as far as it allows.
    /// </summary>
    public double MaxErrorMm { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Fidelity floor under the budget, in mm: whenever decimation runs, a collapse that would leave a
    /// full-resolution vertex farther than this from the decimated surface is refused (checked per collapse
    /// against the triangles around the merged vertex), so thin parts survive; the budget is then met only as far
    /// as this allows (fidelity wins). 0.5 mm by default; infinity turns it off. When <see cref="MaxErrorMm"/> is
    /// set, that value is the bound instead. Surfaces of 200k triangles and more decimate in parallel slabs under the
    /// same bound.
    /// </summary>
    public double MaxDeviationMm { get; init; } = 0.5;

    /// <summary>
    /// Keep vertices where two segments touch in place while decimating, so neighbours stay sealed against each
    /// other exactly (true), or decimate each segment on its own (false, the default: interfaces then agree only
    /// within the decimation error). Organs embedded in the body are all interface, so true defeats the budget.
    /// </summary>
    public bool KeepInterfaces { get; init; }

    /// <summary>
    /// Export only: split vertices where the dihedral angle between two triangles exceeds this many degrees, so
    /// sharp edges shade sharp (180 = smooth normals everywhere, the default; 30..60 is typical for hard edges).
    /// </summary>
    public double FeatureAngleDeg { get; init; } = 180;

    /// <summary>Export only: one node per connected part of each segment ("liver#1", "liver#2", ...), largest first.</summary>
    public bool SplitParts { get; init; }

    /// <summary>The defaults: 20 windowed-sinc iterations, pass band 0.1, at most 300k triangles, segments decimated independently.</summary>
    public static MeshingOptions Default { get; } = new();
}
