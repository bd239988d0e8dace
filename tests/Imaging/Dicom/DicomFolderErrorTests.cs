using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

public sealed class DicomFolderErrorTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = DicomTestData.NewTempFolder();

    [TearDown]
    public void TearDown() => DicomTestData.DeleteQuietly(_folder);

    [Test]
    public void LoadAsync_GarbageDcmInSeries_ThrowsNamingTheFile()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 6), _folder, DicomTestData.Info());
        File.WriteAllText(Path.Combine(_folder, "IM0005.dcm"), "this is not DICOM, just text that happens to end in .dcm");

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(_folder));
        Assert.That(ex!.Message, Does.Contain("IM0005.dcm").And.Contain("remove it"));
        Assert.That(ex.FilePath, Does.EndWith("IM0005.dcm"));
    }

    [Test]
    public async Task LoadAsync_NotesAndJsonBesideSeries_LoadsWithWarning()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 4), _folder, DicomTestData.Info());
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "scanned on Tuesday");
        File.WriteAllText(Path.Combine(_folder, "meta.json"), "{}");

        DicomSeriesResult result = await DicomSeries.LoadAsync(_folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.FileCount, Is.EqualTo(4));
            Assert.That(result.Warnings, Has.Some.Contain("notes.txt").And.Some.Contain("meta.json"));
        });
    }

    [Test]
    public void LoadAsync_EmptyFolder_ThrowsSayingWhereToPoint()
    {
        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(_folder));
        Assert.That(ex!.Message, Does.Contain("no DICOM files in").And.Contain(_folder).And.Contain("point import at the folder"));
    }

    [Test]
    public void LoadAsync_MissingPath_ThrowsNamingIt()
    {
        string missing = Path.Combine(_folder, "no-such-folder");
        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(missing));
        Assert.That(ex!.Message, Does.Contain(missing).And.Contain("does not exist"));
    }

    [Test]
    public async Task LoadAsync_TwoSeries_ThrowsListingBothUnlessOneIsChosen()
    {
        string a = Path.Combine(_folder, "a"), b = Path.Combine(_folder, "b"), mixed = Path.Combine(_folder, "mixed");
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 3), a, DicomTestData.Info("first"));
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 5), b, DicomTestData.Info("second") with { SeriesDescription = "second series" });
        Directory.CreateDirectory(mixed);
        foreach (string f in Directory.GetFiles(a)) File.Copy(f, Path.Combine(mixed, "a-" + Path.GetFileName(f)));
        foreach (string f in Directory.GetFiles(b)) File.Copy(f, Path.Combine(mixed, "b-" + Path.GetFileName(f)));
        string firstUid = DicomUid.FromSeed("first", "series"), secondUid = DicomUid.FromSeed("second", "series");

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(mixed));
        Assert.That(ex!.Message, Does.Contain(firstUid).And.Contain(secondUid).And.Contain("second series").And.Contain("--series"));

        IReadOnlyList<DicomSeriesSummary> probe = DicomSeries.Probe(mixed);
        Assert.That(probe.Select(s => (s.SeriesInstanceUid, s.SliceCount)),
            Is.EquivalentTo(new[] { (firstUid, 3), (secondUid, 5) }));

        DicomSeriesResult chosen = await DicomSeries.LoadAsync(mixed, new DicomLoadOptions { SeriesUid = secondUid });
        Assert.That(chosen.Volume.Dimensions, Is.EqualTo(new Int3(8, 8, 5)));
    }

    [Test]
    public async Task LoadAsync_MissingSlice_ResampledEvenlyWithWarning()
    {
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 6), _folder, DicomTestData.Info());
        File.Delete(files[3]);

        DicomSeriesResult result = await DicomSeries.LoadAsync(_folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Dimensions.Z, Is.EqualTo(6), "the missing slice is filled in");
            Assert.That(result.Volume.Geometry.SpacingMm.Z, Is.EqualTo(2.5).Within(1e-6));
            Assert.That(result.Warnings, Has.Some.Contain("missing").And.Some.Contain("IM00003.dcm").And.Some.Contain("resampled"));
            // The gradient is linear along k, so interpolation restores the missing slice to within rounding (1 HU).
            Assert.That(result.Volume.Data.Zip(DicomTestData.GradientCt(8, 8, 6).Data).Max(p => Math.Abs(p.First - p.Second)), Is.LessThanOrEqualTo(1));
        });
    }

    [Test]
    public void LoadAsync_MixedImageSizesInOneSeries_SplitIntoTwoAndAsksWhich()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 3), Path.Combine(_folder, "a"), DicomTestData.Info());
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(16, 8, 3), Path.Combine(_folder, "b"), DicomTestData.Info());
        File.Copy(Path.Combine(_folder, "b", "IM00002.dcm"), Path.Combine(_folder, "a", "wide.dcm"));

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(Path.Combine(_folder, "a")));
        Assert.That(ex!.Message, Does.Contain("holds 2 series").And.Contain("8x8x3").And.Contain("16x8x1").And.Contain("--series-index N"));
    }
}
