using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SurgicalNav.Compute;
using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Surface;
using SurgicalNav.Segmentation.Masks;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Micro;

/// <summary>
/// BenchmarkDotNet micro benchmarks of the hot kernels on a 192x192x128 phantom (seed 1), with allocations reported,
/// so a kernel that allocates per voxel shows up as megabytes per call. Run with `./nav bench --micro`.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private Volume<short> _hu = null!;
    private Volume<byte> _mask = null!;
    private Volume<byte> _labels = null!;
    private Volume<byte> _out = null!;
    private CpuBackend _cpu = null!;
    private IcpSurface _liverSurface = null!;
    private float[] _icpMoving = null!;
    private RigidTransform _icpStart = RigidTransform.Identity;
    private static readonly IcpOptions OneIcpStep = new(MaxIterations: 1, TrimFraction: 1.0, HuberMm: null, MaxCorrespondenceMm: 10, ToleranceMm: 0);
    private static readonly IcpOptions FiveIcpSteps = OneIcpStep with { MaxIterations = 5 };

    /// <summary>In-process, short job: no separate project build, so it also runs from a self-contained publish.</summary>
    public static IConfig Config(string artifactsPath) => DefaultConfig.Instance
        .WithArtifactsPath(artifactsPath)
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);

    /// <summary>Generates the phantom and the vessel mask once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        PhantomResult p = AbdomenPhantom.Generate(new PhantomOptions(new Int3(192, 192, 128), 1));
        _hu = p.Hounsfield;
        _labels = p.Labels;
        _mask = new Volume<byte>(p.Labels.Geometry);
        for (int n = 0; n < _mask.Data.Length; n++) _mask.Data[n] = p.Labels.Data[n] == PhantomLabel.Vessels ? (byte)1 : (byte)0;
        _out = new Volume<byte>(p.Labels.Geometry);
        _cpu = new CpuBackend();
        // ICP: every 4th liver vertex, registered from a start 2 mm and 2° off; the k-d tree is built here, not per step.
        Mesh liver = SurfaceNets.Extract(_labels, PhantomLabel.Liver, 1, "liver", [1, 1, 1]);
        _liverSurface = new IcpSurface(liver.PositionsMm, MeshNormals.Compute(liver));
        _icpMoving = new float[(liver.VertexCount + 3) / 4 * 3];
        for (int v = 0, n = 0; v < liver.VertexCount && n < _icpMoving.Length; v += 4, n += 3) Array.Copy(liver.PositionsMm, 3 * v, _icpMoving, n, 3);
        _icpStart = RigidTransform.FromAxisAngle(new Vec3(0, 0, 1), 2 * Math.PI / 180, new Vec3(2, 0, 0));
    }

    /// <summary>Releases the backend.</summary>
    [GlobalCleanup]
    public void Cleanup() => _cpu.Dispose();

    /// <summary>CPU threshold 150..3071 HU into a reused mask (should allocate nothing per call).</summary>
    [Benchmark]
    public void Threshold() => _cpu.Threshold(_hu, 150, 3071, _out);

    /// <summary>6-connected component labelling of the vessel mask.</summary>
    [Benchmark]
    public int ConnectedComponentsLabel() => ConnectedComponents.Label(_mask).Count;

    /// <summary>Exact EDT in mm to the vessels.</summary>
    [Benchmark]
    public float DistanceTransformUnsigned() => DistanceTransform.Unsigned(_mask).Data[0];

    /// <summary>Surface nets of the liver label, full resolution.</summary>
    [Benchmark]
    public int SurfaceNetsLiver() => SurfaceNets.Extract(_labels, PhantomLabel.Liver, 1, "liver", [1, 1, 1]).TriangleCount;

    /// <summary>One point-to-plane ICP iteration of a quarter of the liver's vertices onto its surface (k-d tree prebuilt).</summary>
    [Benchmark]
    public double IcpStep() => SurfaceIcp.Register(_liverSurface, _icpMoving, _icpStart, OneIcpStep).RmsDistanceMm;

    /// <summary>Five iterations: the same allocation as one shows that the iterations themselves allocate nothing.</summary>
    [Benchmark]
    public double IcpFiveSteps() => SurfaceIcp.Register(_liverSurface, _icpMoving, _icpStart, FiveIcpSteps).RmsDistanceMm;
}
