using SurgicalNav.Imaging;

namespace SurgicalNav.Compute;

/// <summary>
/// One Pennes bioheat problem on a voxel grid (x fastest), advanced in place by
/// <see cref="IComputeBackend.Bioheat"/>:
/// dT/dt = div(D grad T) + P (Ta - T) + S, with D the thermal diffusivity k/(rho c) in mm²/s (face values are the
/// mean of the two voxels), P the perfusion rate w rho_b c_b/(rho c) in 1/s, S the heat source Q/(rho c) in K/s and
/// Ta the arterial temperature in °C. Voxels marked <see cref="Fixed"/> keep their temperature (Dirichlet: vessels
/// as heat sinks, far boundaries); the grid faces are insulated (zero flux). The Arrhenius damage integral
/// Omega += dt A exp(-Ea / (R T)) (T in kelvin) accumulates in <see cref="Damage"/>; Omega ≥ 1 is necrosis.
/// Optionally temperatures are capped (<see cref="MaxTemperatureC"/>) and perfusion stops with damage.
/// </summary>
public sealed class BioheatProblem
{
    /// <summary>Universal gas constant in J/(mol K).</summary>
    public const double GasConstant = 8.314462618;

    /// <summary>A problem on <paramref name="geometry"/> with every voxel at <paramref name="initialC"/> °C, no damage, no source, no perfusion, diffusivity 0.</summary>
    public BioheatProblem(ImageGeometry geometry, float initialC = 37f)
    {
        Geometry = geometry;
        int n = checked((int)geometry.VoxelCount);
        TemperatureC = new float[n];
        Array.Fill(TemperatureC, initialC);
        Damage = new float[n];
        DiffusivityMm2PerS = new float[n];
        PerfusionPerS = new float[n];
        SourceKPerS = new float[n];
        Fixed = new byte[n];
    }

    /// <summary>Grid geometry; spacing in mm.</summary>
    public ImageGeometry Geometry { get; }

    /// <summary>Temperature per voxel in °C (read and written).</summary>
    public float[] TemperatureC { get; }

    /// <summary>Arrhenius damage integral Omega per voxel, dimensionless (read and written).</summary>
    public float[] Damage { get; }

    /// <summary>Thermal diffusivity k/(rho c) per voxel in mm²/s.</summary>
    public float[] DiffusivityMm2PerS { get; }

    /// <summary>Perfusion rate w rho_b c_b / (rho c) per voxel in 1/s.</summary>
    public float[] PerfusionPerS { get; }

    /// <summary>Heat source Q/(rho c) per voxel in K/s.</summary>
    public float[] SourceKPerS { get; }

    /// <summary>1 where the temperature is held (Dirichlet), 0 elsewhere.</summary>
    public byte[] Fixed { get; }

    /// <summary>Arterial blood temperature in °C (default 37).</summary>
    public float ArterialC { get; set; } = 37f;

    /// <summary>Time step in s; must not exceed <see cref="StableTimeStepS"/>.</summary>
    public float TimeStepS { get; set; } = 1f;

    /// <summary>
    /// Highest temperature in °C a voxel may reach (default unlimited). Ablation models cap it near 100 °C because tissue
    /// water vaporises there and further power is not absorbed as heat (for example Schramm et al., Open Biomed Eng J 2007).
    /// </summary>
    public float MaxTemperatureC { get; set; } = float.MaxValue;

    /// <summary>
    /// When true, perfusion falls with damage as the surviving fraction exp(-Omega) (coagulated tissue is not perfused;
    /// dynamic perfusion after Jacques et al., IEEE J Sel Top Quantum Electron 1996). Default false.
    /// </summary>
    public bool PerfusionStopsWithDamage { get; set; }

    /// <summary>Natural log of the Arrhenius frequency factor A (1/s); default ln(7.39e39), liver (Jacques et al.).</summary>
    public double LnFrequencyFactor { get; set; } = Math.Log(7.39e39);

    /// <summary>Arrhenius activation energy in J/mol; default 2.577e5, liver (Jacques et al.).</summary>
    public double ActivationEnergyJPerMol { get; set; } = 2.577e5;

    /// <summary>
    /// The largest stable explicit time step in s: 0.9 / (2 Dmax (1/hx² + 1/hy² + 1/hz²) + Pmax), from the
    /// positivity of the update weights (von Neumann bound with perfusion).
    /// </summary>
    public float StableTimeStepS()
    {
        Vec3 s = Geometry.SpacingMm;
        double dMax = DiffusivityMm2PerS.Length == 0 ? 0 : DiffusivityMm2PerS.Max(), pMax = PerfusionPerS.Length == 0 ? 0 : PerfusionPerS.Max();
        double bound = 2 * dMax * (1 / (s.X * s.X) + 1 / (s.Y * s.Y) + 1 / (s.Z * s.Z)) + pMax;
        return bound <= 0 ? float.PositiveInfinity : (float)(0.9 / bound);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the problem when the step is unstable or a field has the wrong length.</summary>
    public void Check()
    {
        int n = checked((int)Geometry.VoxelCount);
        if (TemperatureC.Length != n || Damage.Length != n || DiffusivityMm2PerS.Length != n || PerfusionPerS.Length != n || SourceKPerS.Length != n || Fixed.Length != n)
        {
            throw new ArgumentException($"bioheat fields must all hold {n} voxels (the grid {Geometry.Dimensions})");
        }
        if (!(TimeStepS > 0)) throw new ArgumentException($"bioheat time step {TimeStepS} s must be positive");
        float stable = StableTimeStepS();
        if (TimeStepS > stable * 1.0001f) throw new ArgumentException($"bioheat time step {TimeStepS} s exceeds the stable {stable:0.###} s for this grid; use a smaller step or a coarser grid");
    }
}
