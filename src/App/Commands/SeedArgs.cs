using SurgicalNav.App.Cli;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;

namespace SurgicalNav.App.Commands;

/// <summary>Seeds from --seed x,y,z:name options and, for phantoms, from a truth.json (liver and tumours).</summary>
public static class SeedArgs
{
    /// <summary>All seeds the command line gives.</summary>
    public static List<SegmentSeed> Read(CommandArgs a, PhantomTruth? truth = null)
    {
        var seeds = new List<SegmentSeed>();
        foreach (string text in a.All("seed"))
        {
            try { seeds.Add(SegmentSeed.Parse(text)); }
            catch (FormatException e) { throw new UsageException($"{a.Command}: {e.Message}"); }
        }
        if (truth is not null) seeds.AddRange(FromTruth(truth));
        return seeds;
    }

    /// <summary>The liver and tumour seeds of a phantom's truth.</summary>
    public static IEnumerable<SegmentSeed> FromTruth(PhantomTruth truth) =>
        truth.SeedsMm.Where(p => p.Key == "liver" || p.Key.StartsWith("tumor", StringComparison.Ordinal))
            .Select(p => new SegmentSeed(p.Key, p.Value));
}
