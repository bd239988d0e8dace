using System.Text.Json;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.DicomWeb;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Imaging.Tests.Dicom;

namespace SurgicalNav.Imaging.Tests.DicomWeb;

/// <summary>Import over DICOMweb from a real Orthanc, compared with importing the same files from disk.</summary>
public class DicomWebOrthancTests
{
    private const double GeometryToleranceMm = 1e-6;
    private OrthancServer _orthanc = null!;
    private string _work = "";
    private string _phantomFolder = "", _gradientFolder = "";
    private DicomSeriesResult _fromDisk = null!;
    private string _gradientSeriesUid = "", _copySeriesUid = "";

    [OneTimeSetUp]
    public async Task StartOrthancWithTwoStudies()
    {
        _work = DicomTestData.NewTempFolder();
        _orthanc = OrthancServer.Start();
        // Study 1: a small abdominal phantom, one CT series.
        _phantomFolder = Path.Combine(_work, "phantom");
        PhantomResult phantom = AbdomenPhantom.Generate(new PhantomOptions(new Int3(64, 64, 24), Seed: 5));
        var info = new CtSeriesInfo("Phantom^Dicomweb", "DW-5", "20260102", "phantom over dicomweb", "dicomweb-phantom-5") { StudyDescription = "PACS round trip" };
        _orthanc.Upload(DicomSeriesWriter.WriteCtSeries(phantom.Hounsfield, _phantomFolder, info));
        _fromDisk = await DicomSeries.LoadAsync(_phantomFolder);

        // Study 2: a gradient CT plus a copy Orthanc makes under a new series UID in the same study, so it holds two series.
        _gradientFolder = Path.Combine(_work, "gradient");
        IReadOnlyList<string> series = _orthanc.Upload(DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(16, 12, 6), _gradientFolder, DicomTestData.Info("dicomweb-gradient")));
        string modified = _orthanc.Post($"/series/{series[0]}/modify", "{\"Replace\":{\"SeriesDescription\":\"copy\"},\"Force\":true}");
        using JsonDocument copy = JsonDocument.Parse(modified);
        string copyId = copy.RootElement.GetProperty("ID").GetString()!;
        using var http = new HttpClient();
        using JsonDocument copyInfo = JsonDocument.Parse(await http.GetStringAsync($"{_orthanc.RestUrl}/series/{copyId}"));
        _copySeriesUid = copyInfo.RootElement.GetProperty("MainDicomTags").GetProperty("SeriesInstanceUID").GetString()!;
        _gradientSeriesUid = (await DicomSeries.LoadAsync(_gradientFolder)).SeriesInstanceUid;
    }

    [OneTimeTearDown]
    public void StopOrthanc()
    {
        _orthanc?.Dispose();
        if (_work.Length > 0) DicomTestData.DeleteQuietly(_work);
    }

    [Test]
    public async Task LoadAsync_PhantomStudy_EqualsDiskImportVoxelForVoxel()
    {
        DicomWebImportResult pulled = await Pacs.LoadSeriesAsync(_orthanc.DicomWebUrl, _fromDisk.StudyInstanceUid, new DicomLoadOptions());

        Volume<short> a = pulled.Series.Volume, b = _fromDisk.Volume;
        Assert.Multiple(() =>
        {
            Assert.That(pulled.Instances, Is.EqualTo(24));
            Assert.That(pulled.Series.SeriesInstanceUid, Is.EqualTo(_fromDisk.SeriesInstanceUid));
            Assert.That(a.Dimensions, Is.EqualTo(b.Dimensions));
            Assert.That(a.Voxels.SequenceEqual(b.Voxels), Is.True, "voxels differ from the disk import");
            for (int c = 0; c < 3; c++)
            {
                Assert.That(a.Geometry.SpacingMm[c], Is.EqualTo(b.Geometry.SpacingMm[c]).Within(GeometryToleranceMm), $"spacing[{c}]");
                Assert.That(a.Geometry.OriginMm[c], Is.EqualTo(b.Geometry.OriginMm[c]).Within(GeometryToleranceMm), $"origin[{c}]");
            }
            double[] da = a.Geometry.Direction.ToRowMajor(), db = b.Geometry.Direction.ToRowMajor();
            for (int n = 0; n < 9; n++) Assert.That(da[n], Is.EqualTo(db[n]).Within(1e-9), $"direction[{n}]");
            Assert.That(pulled.Bytes, Is.GreaterThan(24 * 64 * 64 * 2));
        });
    }

    [Test]
    public async Task LoadAsync_SeriesUidInStudyWithTwoSeries_LoadsThatSeries()
    {
        DicomWebImportResult pulled = await Pacs.LoadSeriesAsync(
            _orthanc.DicomWebUrl, (await DicomSeries.LoadAsync(_gradientFolder)).StudyInstanceUid, new DicomLoadOptions { SeriesUid = _copySeriesUid });

        Volume<short> expected = DicomTestData.GradientCt(16, 12, 6);
        Assert.That(pulled.Series.SeriesInstanceUid, Is.EqualTo(_copySeriesUid));
        Assert.That(pulled.Series.Volume.Voxels.SequenceEqual(expected.Voxels), Is.True);
    }

    [Test]
    public async Task LoadAsync_StudyWithTwoSeriesAndNoSeriesUid_ListsBothSeries()
    {
        string study = (await DicomSeries.LoadAsync(_gradientFolder)).StudyInstanceUid;

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(_orthanc.DicomWebUrl, study, new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain("2 image series").And.Contain(_gradientSeriesUid).And.Contain(_copySeriesUid).And.Contain("--series"));
    }

    [Test]
    public void LoadAsync_UnknownStudyUid_ErrorNamesTheUid()
    {
        const string missing = "1.2.826.0.1.3680043.99999.1";

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(_orthanc.DicomWebUrl, missing, new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain($"study '{missing}' is not on the PACS at http://127.0.0.1:{_orthanc.Port}/dicom-web").And.Contain("pacs search"));
    }

    [Test]
    public void LoadAsync_UnknownSeriesUid_ListsTheStudysSeries()
    {
        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(
            _orthanc.DicomWebUrl, _fromDisk.StudyInstanceUid, new DicomLoadOptions { SeriesUid = "1.2.3.4" }));

        Assert.That(e!.Message, Does.Contain("series '1.2.3.4' is not in study").And.Contain(_fromDisk.SeriesInstanceUid));
    }

    [Test]
    public void LoadAsync_ServerDown_ErrorNamesTheUrl()
    {
        int port = OrthancServer.FreePort();

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync($"dicomweb+http://127.0.0.1:{port}/dicom-web", "1.2.3", new DicomLoadOptions()));

        Assert.That(e!.Message, Does.Contain($"cannot reach the PACS at http://127.0.0.1:{port}/dicom-web").And.Contain("connection refused"));
    }

    [Test]
    public void LoadAsync_UrlWithoutDicomWebRoot_SaysHttp404AndWhatTheRootIs()
    {
        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync($"dicomweb+http://127.0.0.1:{_orthanc.Port}/wrong", _fromDisk.StudyInstanceUid, new DicomLoadOptions()));

        Assert.That(e!.HttpStatus, Is.EqualTo(404));
        Assert.That(e.Message, Does.Contain("HTTP 404").And.Contain("/wrong/studies").And.Contain("DICOMweb root"));
    }

    [Test]
    public void LoadAsync_PartLimitBelowOneSlice_StopsWithTheLimitInTheMessage()
    {
        var options = new DicomWebOptions { MaxPartBytes = 4096 };

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(_orthanc.DicomWebUrl, _fromDisk.StudyInstanceUid, new DicomLoadOptions(), options));

        Assert.That(e!.Message, Does.Contain("part 1 from").And.Contain("larger than the limit"));
    }

    [Test]
    public void LoadAsync_TotalLimitBelowTheSeries_StopsWithTheLimitInTheMessage()
    {
        var options = new DicomWebOptions { MaxTotalBytes = 100_000 };

        var e = Assert.ThrowsAsync<DicomWebException>(() => Pacs.LoadSeriesAsync(_orthanc.DicomWebUrl, _fromDisk.StudyInstanceUid, new DicomLoadOptions(), options));

        Assert.That(e!.Message, Does.Contain("exceeds the limit").And.Contain("per retrieve"));
    }

    [Test]
    public async Task SearchStudies_ModalityCt_FindsBothStudiesWithCounts()
    {
        IReadOnlyList<PacsStudy> studies = await Pacs.SearchStudiesAsync(_orthanc.DicomWebUrl, new StudyQuery(Modality: "CT"));

        PacsStudy phantom = studies.Single(s => s.StudyInstanceUid == _fromDisk.StudyInstanceUid);
        Assert.Multiple(() =>
        {
            Assert.That(studies, Has.Count.EqualTo(2));
            Assert.That(phantom.PatientName, Is.EqualTo("Phantom^Dicomweb"));
            Assert.That(phantom.StudyDate, Is.EqualTo("20260102"));
            Assert.That(phantom.StudyDescription, Is.EqualTo("PACS round trip"));
            Assert.That(phantom.Modalities, Is.EqualTo(new[] { "CT" }));
            Assert.That(phantom.SeriesCount, Is.EqualTo(1));
            Assert.That(phantom.InstanceCount, Is.EqualTo(24));
        });
    }

    [Test]
    public async Task SearchStudies_PatientNameAndOtherModality_Filter()
    {
        IReadOnlyList<PacsStudy> byName = await Pacs.SearchStudiesAsync(_orthanc.DicomWebUrl, new StudyQuery(PatientName: "Phantom^Dicom*"));
        IReadOnlyList<PacsStudy> mr = await Pacs.SearchStudiesAsync(_orthanc.DicomWebUrl, new StudyQuery(Modality: "MR"));

        Assert.That(byName.Select(s => s.StudyInstanceUid), Is.EqualTo(new[] { _fromDisk.StudyInstanceUid }));
        Assert.That(mr, Is.Empty);
    }
}
