using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// 6-connected component labelling of the bright mask (>= 150 HU) vs skimage.measure.label(connectivity=1).
/// Ours returns runs with component sizes; skimage returns a full int64 label volume. Both give the components.
/// </summary>
internal sealed class ConnectedComponentsRow : BenchRow
{
    public override string Name => "cc";
    public override bool UsesBackend => true;
    public override string CheckText => "component count and the sorted component sizes exact";
    public override string Describe(BenchContext c) => $"mask >= 150 HU on {c.Work.Size}, 6-connected";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c) =>
        [new("skimage", "cc", new { mask = RawFile.Spec(c.Work.PathOf("bright"), "uint8", c.Work.ShapeZyx) }, new { })];

    public override OursRun Ours(BenchContext c)
    {
        var mask = c.Work.Mask("bright");
        var clock = Stopwatch.StartNew();
        long[] sizes;
        double s;
        if (DeviceKernel.OnDevice(c))
        {
            // The device labels every voxel with its component's id; the sizes are counted after the clock stops.
            Volume<int> labels = DeviceKernel.Run<byte, int>(c.Backend, mask, (m, o) => c.Backend.LabelComponents(m, Connectivity.Six, o));
            s = clock.Elapsed.TotalSeconds;
            sizes = [.. labels.Data.Where(id => id != 0).GroupBy(id => id).Select(g => (long)g.Count())];
        }
        else
        {
            ComponentLabeling labeling = ConnectedComponents.Label(mask);
            s = clock.Elapsed.TotalSeconds;
            sizes = [.. labeling.Sizes];
        }
        Array.Sort(sizes);
        long hash = 0;
        for (int n = 0; n < sizes.Length; n++) hash += sizes[n] * (n + 1);
        return new OursRun(s, new Dictionary<string, double>
        {
            ["components"] = sizes.Length, ["voxels"] = sizes.Sum(), ["largest"] = sizes.Length > 0 ? sizes[^1] : 0, ["sizes_hash"] = hash,
        });
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        foreach (string key in new[] { "components", "voxels", "largest", "sizes_hash" })
        {
            if (Verdict.Exact(key, ours.Check[key], reply.Value(key)) is string d) yield return d;
        }
    }
}
