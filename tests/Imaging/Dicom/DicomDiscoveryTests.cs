using System.Diagnostics;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>Finding series in folder trees and DICOMDIRs, splitting mixed series, and picking one.</summary>
public sealed class DicomDiscoveryTests : DicomFolderTest
{
    [Test]
    public async Task Probe_NestedTreeWithTwoStudies_ListsBothAndIndexPicksOne()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(16, 12, 5), Path.Combine(Folder, "PAT1", "ST1", "SE1"), DicomTestData.Info("first"));
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 6, 3), Path.Combine(Folder, "PAT2", "deeper", "still", "SE9"), DicomTestData.Info("second"));

        IReadOnlyList<DicomSeriesSummary> series = DicomSeries.Probe(Folder);
        DicomSeriesSummary small = series.Single(s => s.SeriesInstanceUid == DicomUid.FromSeed("second", "series"));
        DicomSeriesResult loaded = await DicomSeries.LoadAsync(Folder, new DicomLoadOptions { SeriesIndex = small.Index });

        Assert.Multiple(() =>
        {
            Assert.That(series, Has.Count.EqualTo(2));
            Assert.That(series.Select(s => s.Index), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(small.Dimensions, Is.EqualTo(new Int3(8, 6, 3)));
            Assert.That(small.SpacingMm!.Value.Z, Is.EqualTo(2.5).Within(1e-6), "spacing from positions");
            Assert.That(small.SpacingMm!.Value.X, Is.EqualTo(0.7).Within(1e-6));
            Assert.That(small.PatientName, Is.EqualTo("Phantom^Gradient"));
            Assert.That(small.PatientId, Is.EqualTo("PH0001"));
            Assert.That(small.StudyInstanceUid, Is.EqualTo(DicomUid.FromSeed("second", "study")));
            Assert.That(small.StudyDescription, Is.EqualTo("round trip"));
            Assert.That(small.Modality, Is.EqualTo("CT"));
            Assert.That(small.TransferSyntax, Is.EqualTo("Explicit VR Little Endian"));
            Assert.That(loaded.SeriesInstanceUid, Is.EqualTo(small.SeriesInstanceUid));
            Assert.That(loaded.Volume.Data, Is.EqualTo(DicomTestData.GradientCt(8, 6, 3).Data));
        });
    }

    [Test]
    public void LoadAsync_TwoSeriesNoChoice_ErrorListsIndexes()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 6, 3), Path.Combine(Folder, "a"), DicomTestData.Info("first"));
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 6, 3), Path.Combine(Folder, "b"), DicomTestData.Info("second"));

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(Folder));
        var outOfRange = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(Folder, new DicomLoadOptions { SeriesIndex = 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("holds 2 series").And.Contain("[0]").And.Contain("[1]").And.Contain("--series-index N"));
            Assert.That(outOfRange!.Message, Does.Contain("series index 2 is out of range").And.Contain("(0..1)"));
        });
    }

    [Test]
    public async Task Probe_LocalizerSharingSeriesUid_SplitsBySizeAndUidAloneIsAmbiguous()
    {
        string main = Path.Combine(Folder, "main"), scout = Path.Combine(Folder, "scout");
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(16, 12, 6), main, DicomTestData.Info("same"));
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(20, 20, 1), scout, DicomTestData.Info("same"));
        File.Move(Directory.GetFiles(scout).Single(), Path.Combine(main, "SCOUT.dcm"));

        IReadOnlyList<DicomSeriesSummary> series = DicomSeries.Probe(main);
        var ambiguous = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(main, new DicomLoadOptions { SeriesUid = series[0].SeriesInstanceUid }));
        DicomSeriesResult first = await DicomSeries.LoadAsync(main, new DicomLoadOptions { SeriesIndex = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(series.Select(s => s.Dimensions), Is.EqualTo(new[] { new Int3(16, 12, 6), new Int3(20, 20, 1) }), "largest part first");
            Assert.That(series[0].Warnings, Has.Some.Contain("part 1 of 2"));
            Assert.That(ambiguous!.Message, Does.Contain("splits into 2 volumes").And.Contain("--series-index"));
            Assert.That(first.Volume.Dimensions, Is.EqualTo(new Int3(16, 12, 6)));
            Assert.That(first.Warnings, Has.Some.Contain("part 1 of 2"));
        });
    }

    [Test]
    public void Probe_PydicomDicomdir_FindsEverySeriesItsRecordsName()
    {
        string dicomdir = DicomTestData.PydicomFile("dicomdirtests/DICOMDIR");
        // dcmtk's dcmdump is the oracle for which series the DICOMDIR's records name.
        var info = new ProcessStartInfo("dcmdump", ["+P", "SeriesInstanceUID", dicomdir]) { RedirectStandardOutput = true };
        using Process dump = Process.Start(info)!;
        string text = dump.StandardOutput.ReadToEnd();
        dump.WaitForExit();
        HashSet<string> expected = text.Split('\n').Where(l => l.Contains("SeriesInstanceUID", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('[') + 1)..l.IndexOf(']')]).ToHashSet();

        IReadOnlyList<DicomSeriesSummary> found = DicomSeries.Probe(dicomdir, new DicomLoadOptions { SkipUnreadableFiles = true }, out IReadOnlyList<string> warnings);

        Assert.Multiple(() =>
        {
            Assert.That(expected, Has.Count.EqualTo(13));
            Assert.That(found.Select(s => s.SeriesInstanceUid).ToHashSet(), Is.EquivalentTo(expected));
            Assert.That(warnings, Has.Some.Contain("DICOMDIR-nooffset"), "the damaged copy beside it is named");
        });
    }
}
