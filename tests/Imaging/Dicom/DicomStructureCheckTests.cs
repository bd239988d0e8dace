using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>The managed structure walk rejects damaged files with a message naming the element, before GDCM sees them.</summary>
public sealed class DicomStructureCheckTests : DicomFolderTest
{
    [TestCase("CT_small.dcm")]
    [TestCase("MR_small_jpeg_ls_lossless.dcm")]
    [TestCase("MR_small_bigendian.dcm")]
    [TestCase("MR_small_implicit.dcm")]
    [TestCase("rtdose.dcm")]
    [TestCase("no_meta.dcm")]
    public void Check_IntactReferenceFile_FindsPixelData(string name)
    {
        Assert.That(DicomStructureCheck.Check(DicomTestData.PydicomFile(name)), Is.True.Or.Null);
    }

    [Test]
    public void LoadAsync_PixelDataCutShort_ErrorSaysTruncated()
    {
        byte[] bytes = File.ReadAllBytes(DicomTestData.PydicomFile("CT_small.dcm"));
        string path = Path.Combine(Folder, "cut.dcm");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5000)]);

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));

        Assert.That(ex!.Message, Does.Contain("cut.dcm").And.Contain("PixelData (7FE0,0010) declares 32768 bytes").And.Contain("truncated"));
    }

    [Test]
    public void LoadAsync_CompressedPixelDataCutShort_ErrorSaysNoEndMarker()
    {
        byte[] bytes = File.ReadAllBytes(DicomTestData.PydicomFile("MR_small_jpeg_ls_lossless.dcm"));
        string path = Path.Combine(Folder, "cut.dcm");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 300)]);

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));

        Assert.That(ex!.Message, Does.Contain("cut.dcm").And.Contain("no end marker (FFFE,E0DD)"));
    }

    [Test]
    public void LoadAsync_SequencesNestedThousandsDeep_ErrorSaysTooDeep()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 1), Folder, DicomTestData.Info());
        string source = Directory.GetFiles(Folder).Single();
        var nested = Mutations.DicomMutator.DeepSequence("deep", File.ReadAllBytes(source), 5000);
        string path = Path.Combine(Folder, "deep.dcm");
        File.WriteAllBytes(path, nested.Bytes);

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));

        Assert.That(ex!.Message, Does.Contain("deep.dcm").And.Contain("(0009,1000) is nested more than 32 levels deep"));
    }
}
