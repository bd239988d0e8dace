using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>pydicom's damaged and unusual reference files each get the right outcome: a clear error naming the file, or a load.</summary>
public sealed class DicomDamagedReferenceFileTests
{
    [Test]
    public void LoadAsync_MrTruncated_ErrorSaysPixelDataIsCutShort()
    {
        string path = DicomTestData.PydicomFile("MR_truncated.dcm");
        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));
        // dcmdump: PixelData OW of 8192 bytes (64x64x16 bit) at offset 1500; the file holds 9630 bytes.
        Assert.That(ex!.Message, Does.Contain("MR_truncated.dcm").And.Contain("declares 8192 bytes from byte 1500").And.Contain("truncated"));
        Assert.That(ex.FilePath, Is.EqualTo(path));
    }

    [Test]
    public async Task LoadAsync_BadVr_LoadsTheDoseGrid()
    {
        // badVR.dcm is rtdose.dcm with an invalid VR on a private element; GDCM reads past it.
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("badVR.dcm"));
        Assert.That(result.Volume.Dimensions, Is.EqualTo(new Int3(10, 10, 1)));
    }

    [TestCase("no_meta.dcm")]
    [TestCase("ExplVR_BigEndNoMeta.dcm")]
    public void LoadAsync_NoFileMeta_ClearErrorNamingTheFile(string name)
    {
        string path = DicomTestData.PydicomFile(name);
        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));
        Assert.That(ex!.Message, Does.Contain(path));
    }
}
