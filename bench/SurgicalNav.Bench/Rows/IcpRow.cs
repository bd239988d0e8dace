using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Surface;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Rigid point-to-plane ICP of a displaced, noisy subset of the liver surface onto the whole surface vs Open3D. Both
/// sides get the same points and the same target normals (area-weighted, from the liver mesh), run exactly 30
/// iterations with a 10 mm correspondence limit (Open3D's relative-change early stop is switched off), and build their
/// k-d tree inside the timed region.
/// </summary>
internal sealed class IcpRow : BenchRow
{
    private const double MaxDisplacementDiffMm = 0.5, MaxAngleDiffDeg = 0.5;
    private const int Iterations = 30;
    private float[]? _source, _target, _normals;
    private RigidTransform? _result;

    public override string Name => "icp";
    public override string CheckText => $"transform within {MaxDisplacementDiffMm} mm (largest displacement difference over the source points) and {MaxAngleDiffDeg}° of Open3D's";
    public override string Describe(BenchContext c) =>
        $"{c.Work.Count("icp-source")} source points onto {c.Work.Count("icp-target")} liver points, 30 iterations, 10 mm max distance";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c)
    {
        Load(c);
        return [new("open3d", "icp", new
        {
            source = RawFile.Spec(c.Work.PathOf("icp-source"), "float32", c.Work.Count("icp-source"), 3),
            target = RawFile.Spec(c.Work.PathOf("icp-target"), "float32", c.Work.Count("icp-target"), 3),
            normals = RawFile.Spec(c.Work.PathOf("icp-normals"), "float32", c.Work.Count("icp-target"), 3),
        }, new { max_distance_mm = 10.0, iterations = Iterations, normal_knn = 20 })];
    }

    public override OursRun Ours(BenchContext c)
    {
        Load(c);
        var options = new IcpOptions(MaxIterations: Iterations, TrimFraction: 1.0, HuberMm: null, MaxCorrespondenceMm: 10, ToleranceMm: 0);
        var clock = Stopwatch.StartNew();
        var surface = new IcpSurface(_target!, _normals!);
        IcpResult r = SurfaceIcp.Register(surface, _source!, RigidTransform.Identity, options);
        double s = clock.Elapsed.TotalSeconds;
        _result = r.MovingToFixed;
        return new OursRun(s, new Dictionary<string, double> { ["rms_mm"] = r.RmsDistanceMm, ["iterations"] = r.Iterations });
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        if (_result is not RigidTransform mine || _source is null) yield break;
        double[] m = reply.Check["transform"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var theirs = RigidTransform.FromRowMajor(m);
        double worst = 0;
        for (int n = 0; n < _source.Length; n += 3)
        {
            var p = new Vec3(_source[n], _source[n + 1], _source[n + 2]);
            worst = Math.Max(worst, Vec3.Distance(mine.Apply(p), theirs.Apply(p)));
        }
        double angleDeg = (mine * theirs.Inverse()).RotationAngleDeg;
        if (ours.Check.TryGetValue("iterations", out double iterations) && iterations != Iterations)
        {
            yield return $"ours ran {iterations} iterations, not {Iterations}";
        }
        if (!(worst <= MaxDisplacementDiffMm) || !(angleDeg <= MaxAngleDiffDeg))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"transforms differ by up to {worst:0.###} mm and {angleDeg:0.###}°");
        }
    }

    public override void Release() => (_source, _target, _normals, _result) = (null, null, null, null);

    /// <summary>Reads the point sets and writes the target normals once, from the liver mesh the targets came from.</summary>
    private void Load(BenchContext c)
    {
        _source ??= RawFile.Read<float>(c.Work.PathOf("icp-source"), c.Work.Count("icp-source") * 3L);
        _target ??= RawFile.Read<float>(c.Work.PathOf("icp-target"), c.Work.Count("icp-target") * 3L);
        if (_normals is not null) return;
        string path = c.Work.PathOf("icp-normals");
        if (File.Exists(path))
        {
            _normals = RawFile.Read<float>(path, c.Work.Count("icp-target") * 3L);
            return;
        }
        int[] indices = RawFile.Read<int>(c.Work.PathOf("liver-indices"), c.Work.Count("liver-triangles") * 3L);
        float[] positions = RawFile.Read<float>(c.Work.PathOf("liver-positions"), c.Work.Count("liver-vertices") * 3L);
        _normals = MeshNormals.Compute(new Mesh("liver", [1, 1, 1], positions, indices));
        RawFile.Write<float>(path, _normals);
    }
}
