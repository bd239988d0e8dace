using SurgicalNav.Compute.Cpu;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Presets;

namespace SurgicalNav.Segmentation.Tests.Bugs;

/// <summary>
/// Regression: new volumes were allocated uninitialised, so the second pipeline run in one process started
/// from the first run's garbage; the tumour mask (built by OR-ing into a "new" volume) then covered the body.
/// </summary>
[TestFixture]
public class ReusedMemoryLeakedIntoNewVolumesTests
{
    [Test]
    public void NewVolume_AfterGarbageWasFreed_IsAllZero()
    {
        var g = ImageGeometry.Axial(new Int3(64, 64, 64), new Vec3(1, 1, 1), Vec3.Zero);
        for (int n = 0; n < 8; n++)
        {
            Volume<byte> garbage = Volume<byte>.Uninitialized(g);
            garbage.Voxels.Fill(0xAB);
        }
        GC.Collect();

        var fresh = new Volume<byte>(g);

        Assert.That(fresh.Voxels.IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "a new volume must start all zero");
    }

    [Test]
    public void AbdomenPreset_RunThreeTimesInOneProcess_GivesIdenticalLabels()
    {
        PhantomResult phantom = AbdomenPhantom.Generate(new PhantomOptions(new Int3(96, 96, 64), Seed: 3));
        var seeds = phantom.Truth.SeedsMm.Where(s => s.Key == "liver" || s.Key.StartsWith("tumor", StringComparison.Ordinal))
            .Select(s => new SegmentSeed(s.Key, s.Value)).ToList();
        using var backend = new CpuBackend();
        var hashes = new List<string>();
        for (int run = 0; run < 3; run++)
        {
            SegmentationReport report = AbdomenCtPreset.Run(phantom.Hounsfield, seeds, backend);
            hashes.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(report.Labels.Labels.Data)));
            GC.Collect();
        }

        Assert.That(hashes.Distinct().Count(), Is.EqualTo(1), "labels differ between runs in one process");
    }
}
