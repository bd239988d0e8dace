using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging;

namespace SurgicalNav.Bench.Rows;

/// <summary>Gaussian smoothing (sigma 1 mm, radius ceil(3 sigma) voxels, clamp-to-edge) on the selected backend vs scipy.ndimage.gaussian_filter1d per axis.</summary>
internal sealed class GaussianRow : BenchRow
{
    private const double SigmaMm = 1.0;
    private Volume<short>? _out;
    private short[]? _checked;

    public override string Name => "gaussian";
    public override bool UsesBackend => true;
    public override string CheckText => "max |ours - scipy| <= 1 HU over every voxel (the backends' stated tolerance)";
    public override string Describe(BenchContext c) => $"CT {c.Work.Size} int16, sigma {SigmaMm} mm, separable";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c)
    {
        double[] sigma = c.Work.SpacingZyx.Select(s => SigmaMm / s).ToArray();
        int[] radius = sigma.Select(s => (int)Math.Ceiling(3 * s)).ToArray();
        return [new("scipy", "gaussian", new { volume = RawFile.Spec(c.Work.PathOf("hu"), "int16", c.Work.ShapeZyx) }, new { sigma_vox = sigma, radius_vox = radius }, Dump: true)];
    }

    public override OursRun Ours(BenchContext c)
    {
        Volume<short> hu = c.Work.Hounsfield;
        _out ??= new Volume<short>(hu.Geometry);
        var clock = Stopwatch.StartNew();
        c.Backend.GaussianSmooth(hu, SigmaMm, _out);
        double s = clock.Elapsed.TotalSeconds;
        _checked ??= (short[])_out.Data.Clone();
        return new OursRun(s, new Dictionary<string, double>());
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        if (dumpPath is null || _checked is null) yield break;
        short[] theirs = RawFile.Read<short>(dumpPath, c.Work.Geometry.VoxelCount);
        int worst = 0;
        long at = 0;
        for (long n = 0; n < theirs.Length; n++)
        {
            int d = Math.Abs(_checked[n] - theirs[n]);
            if (d > worst) { worst = d; at = n; }
        }
        if (worst > 1) yield return $"max difference {worst} HU at voxel {at} (ours {_checked[at]}, scipy {theirs[at]})";
    }

    public override void Release()
    {
        _out = null;
        _checked = null;
    }
}
