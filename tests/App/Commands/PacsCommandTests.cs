using System.Text.Json;
using SurgicalNav.App.Tests.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Tests.DicomWeb;

namespace SurgicalNav.App.Tests.Commands;

/// <summary>`pacs search` and `import dicomweb+http://...` as a user runs them, against a real Orthanc.</summary>
public class PacsCommandTests
{
    private OrthancServer _orthanc = null!;
    private string _work = "", _phantom = "", _fromDisk = "", _studyUid = "";

    [OneTimeSetUp]
    public void UploadPhantomToOrthanc()
    {
        _work = CliProcess.TempDir();
        _phantom = Path.Combine(_work, "phantom");
        _fromDisk = Path.Combine(_work, "disk.nrrd");
        CliProcess.Result p = CliProcess.Run("phantom", "--out", _phantom, "--size", "48x48x20", "--seed", "6");
        Assert.That(p.ExitCode, Is.Zero, p.StdErr);
        CliProcess.Result i = CliProcess.Run("import", _phantom, "--out", _fromDisk);
        Assert.That(i.ExitCode, Is.Zero, i.StdErr);
        _orthanc = OrthancServer.Start();
        _orthanc.Upload(Directory.EnumerateFiles(_phantom, "*.dcm").Order(StringComparer.Ordinal));
        CliProcess.Result s = CliProcess.Run("series", _phantom, "--json");
        using JsonDocument series = JsonDocument.Parse(s.StdOut);
        _studyUid = series.RootElement[0].GetProperty("study").GetString()!;
    }

    [OneTimeTearDown]
    public void StopOrthanc()
    {
        _orthanc?.Dispose();
        if (_work.Length > 0) Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void Import_DicomWebUrl_WritesTheSameVolumeAsTheDiskImport()
    {
        string nrrd = Path.Combine(_work, "pacs.nrrd"), nifti = Path.Combine(_work, "pacs.nii.gz");

        CliProcess.Result r = CliProcess.Run("import", _orthanc.DicomWebUrl, "--study", _studyUid, "--out", nrrd, "--json");
        CliProcess.Result n = CliProcess.Run("import", _orthanc.DicomWebUrl, "--study", _studyUid, "--out", nifti);

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(n.ExitCode, Is.Zero, n.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        Assert.That(json.RootElement.GetProperty("pacs").GetProperty("instances").GetInt32(), Is.EqualTo(20));
        // Same voxels, same geometry: the NRRD files are byte-identical, and the NIfTI copy holds the same grid.
        Assert.That(File.ReadAllBytes(nrrd), Is.EqualTo(File.ReadAllBytes(_fromDisk)));
        Volume<short> disk = VolumeFile.Read<short>(_fromDisk), viaNifti = VolumeFile.Read<short>(nifti);
        Assert.That(viaNifti.Voxels.SequenceEqual(disk.Voxels), Is.True);
        Assert.That(viaNifti.Geometry.SameGrid(disk.Geometry, toleranceMm: 1e-4), Is.True, $"{viaNifti.Geometry} vs {disk.Geometry}");
    }

    [Test]
    public void PacsSearch_ModalityCt_ListsThePhantomStudyWithCounts()
    {
        CliProcess.Result r = CliProcess.Run("pacs", "search", _orthanc.DicomWebUrl, "--modality", "CT", "--json");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        JsonElement study = json.RootElement.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(study.GetProperty("study").GetString(), Is.EqualTo(_studyUid));
            Assert.That(study.GetProperty("patient").GetString(), Is.EqualTo("Phantom^Abdomen"));
            Assert.That(study.GetProperty("studyDate").GetString(), Is.EqualTo("20260101"));
            Assert.That(study.GetProperty("modalities")[0].GetString(), Is.EqualTo("CT"));
            Assert.That(study.GetProperty("series").GetInt32(), Is.EqualTo(1));
            Assert.That(study.GetProperty("instances").GetInt32(), Is.EqualTo(20));
        });
    }

    [Test]
    public void PacsSearch_PatientThatIsNotThere_PrintsNoStudies()
    {
        CliProcess.Result r = CliProcess.Run("pacs", "search", _orthanc.DicomWebUrl, "--patient", "Nobody*");

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Contain("no studies match"));
    }

    [Test]
    public void Import_UnknownStudyUid_ExitsOneNamingTheUid()
    {
        CliProcess.Result r = CliProcess.Run("import", _orthanc.DicomWebUrl, "--study", "1.2.3.999", "--out", Path.Combine(_work, "x.nrrd"));

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("study '1.2.3.999' is not on the PACS").And.Not.Contain("   at "));
    }

    [Test]
    public void Import_PacsDown_ExitsOneNamingTheUrl()
    {
        string url = $"dicomweb+http://127.0.0.1:{OrthancServer.FreePort()}/dicom-web";

        CliProcess.Result r = CliProcess.Run("import", url, "--study", _studyUid, "--out", Path.Combine(_work, "x.nrrd"));
        CliProcess.Result s = CliProcess.Run("pacs", "search", url);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("cannot reach the PACS at http://127.0.0.1:").And.Contain("connection refused"));
        Assert.That(s.ExitCode, Is.EqualTo(1), s.StdErr);
        Assert.That(s.StdErr, Does.Contain("cannot reach the PACS"));
    }

    [Test]
    public void Import_DicomWebWithoutStudy_IsAUsageError()
    {
        CliProcess.Result r = CliProcess.Run("import", _orthanc.DicomWebUrl, "--out", Path.Combine(_work, "x.nrrd"));

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr, Does.Contain("needs --study UID").And.Contain("pacs search"));
    }

    [Test]
    public void Import_OutWithUnknownExtension_FailsBeforeImporting()
    {
        CliProcess.Result r = CliProcess.Run("import", _phantom, "--out", Path.Combine(_work, "v.mha"));

        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.Contain("v.mha").And.Contain(".nii.gz"));
    }
}
