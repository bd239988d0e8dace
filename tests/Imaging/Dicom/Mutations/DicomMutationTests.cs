using System.Diagnostics;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Tests.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom.Mutations;

/// <summary>
/// Hostile-input corpus: every mutated file must end in a clear <see cref="DicomImportException"/> that names
/// it, or in a volume, within a time limit; no crash of the test host, no hang, no other exception type.
/// </summary>
public sealed class DicomMutationTests : DicomFolderTest
{
    private const int Seed = 20240131;
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(20);
    private IEnumerable<DicomMutator.Mutation> Corpus()
    {
        string phantomFolder = Path.Combine(Folder, "phantom");
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(32, 24, 1), phantomFolder, DicomTestData.Info());
        byte[] phantom = File.ReadAllBytes(Directory.GetFiles(phantomFolder).Single());
        var sources = new List<(string, byte[])> { ("phantom", phantom) };
        foreach (string name in (string[])["CT_small.dcm", "MR_small.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_RLE.dcm", "rtdose.dcm"])
        {
            sources.Add((Path.GetFileNameWithoutExtension(name), File.ReadAllBytes(DicomTestData.PydicomFile(name))));
        }
        int seed = Seed;
        foreach ((string label, byte[] bytes) in sources)
        {
            foreach (DicomMutator.Mutation m in DicomMutator.Mutate(label, bytes, seed++, truncations: 12, flips: 10, hugeLengths: 6, wrongVrs: 6)) yield return m;
        }
        foreach (int depth in (int[])[64, 1000, 20000]) yield return DicomMutator.DeepSequence("phantom", phantom, depth);
    }

    [Test]
    public async Task LoadAsync_MutatedCorpus_ClearErrorOrVolumeWithinLimit()
    {
        var options = new DicomLoadOptions { FileTimeout = TimeSpan.FromSeconds(4), MemoryLimitBytes = 256L << 20 };
        var outcomes = new Dictionary<string, int>();
        var byKind = new Dictionary<string, Dictionary<string, int>>();
        var truncatedLoads = new List<string>();
        var problems = new List<string>();
        int total = 0;
        var clock = Stopwatch.StartNew();
        string corpusFolder = Path.Combine(Folder, "corpus");
        Directory.CreateDirectory(corpusFolder);
        DicomMutator.Mutation[] corpus = Corpus().ToArray();
        total = corpus.Length;
        var results = new (string Kind, string Outcome, string? Problem)[corpus.Length];
        // Four at a time: most of the cost is starting a fresh worker after a crash, which overlaps well.
        await Parallel.ForAsync(0, corpus.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
        {
            DicomMutator.Mutation mutation = corpus[n];
            string path = Path.Combine(corpusFolder, mutation.Name + ".dcm");
            await File.WriteAllBytesAsync(path, mutation.Bytes);
            try
            {
                DicomSeriesResult result = await DicomSeries.LoadAsync(path, options).WaitAsync(PerFileLimit);
                results[n] = (mutation.Kind, "loaded", result.Volume.Geometry.VoxelCount > 0 ? null : $"{mutation.Name}: empty volume");
            }
            catch (DicomImportException ex)
            {
                bool named = ex.Message.Contains(mutation.Name, StringComparison.Ordinal) || ex.Message.Contains(corpusFolder, StringComparison.Ordinal);
                results[n] = (mutation.Kind, ex.Kind.ToString(), named ? null : $"{mutation.Name}: error does not name the file: {ex.Message}");
            }
            catch (TimeoutException)
            {
                results[n] = (mutation.Kind, "hang", $"{mutation.Name}: no outcome within {PerFileLimit.TotalSeconds} s");
            }
        });
        for (int n = 0; n < corpus.Length; n++)
        {
            (string kind, string outcome, string? problem) = results[n];
            if (problem is not null) problems.Add(problem);
            if (kind == "truncation" && outcome == "loaded") truncatedLoads.Add(corpus[n].Name);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Dictionary<string, int> kindCounts = byKind.TryGetValue(kind, out var k) ? k : byKind[kind] = [];
            kindCounts[outcome] = kindCounts.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Out.WriteLine($"{total} mutated files in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        foreach ((string kind, Dictionary<string, int> counts) in byKind.OrderBy(p => p.Key))
        {
            TestContext.Out.WriteLine($"  {kind}: {string.Join(", ", counts.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        }
        foreach (string outcome in (string[])[nameof(DicomFailureKind.DecoderCrashed), nameof(DicomFailureKind.MemoryCap), nameof(DicomFailureKind.TimedOut)])
        {
            string[] names = corpus.Where((_, n) => results[n].Outcome == outcome).Select(m => m.Name).ToArray();
            if (names.Length > 0) TestContext.Out.WriteLine($"  {outcome}: {string.Join(", ", names)}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(total, Is.GreaterThanOrEqualTo(200));
            Assert.That(problems, Is.Empty, "every outcome is a volume or a DicomImportException naming the file, within the time limit");
            Assert.That(truncatedLoads, Is.Empty, "a truncated file must never load silently");
            Assert.That(outcomes.GetValueOrDefault("hang"), Is.Zero, "every import ends, by itself or by the per-file timeout");
        });
    }
}
