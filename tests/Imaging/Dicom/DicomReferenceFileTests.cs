using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>Decoding of pydicom's reference files; expected numbers came from pydicom 2.x and dcmdump on these files.</summary>
public sealed class DicomReferenceFileTests
{
    [Test]
    public async Task LoadAsync_CtSmall_MatchesPydicomGeometryAndHu()
    {
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("CT_small.dcm"));
        Volume<short> v = result.Volume;

        Assert.Multiple(() =>
        {
            Assert.That(v.Dimensions, Is.EqualTo(new Int3(128, 128, 1)));
            Assert.That(v.Geometry.SpacingMm.X, Is.EqualTo(0.661468).Within(1e-6));
            Assert.That(v.Geometry.SpacingMm.Y, Is.EqualTo(0.661468).Within(1e-6));
            Assert.That(v.Geometry.SpacingMm.Z, Is.EqualTo(5.0).Within(1e-6), "single slice: SliceThickness");
            Assert.That((v.Geometry.OriginMm - new Vec3(-158.135803, -179.035797, -75.699997)).Length, Is.LessThan(1e-5));
            Assert.That(v.Geometry.Direction, Is.EqualTo(Matrix3.Identity));
            Assert.That(result.Modality, Is.EqualTo("CT"));
            Assert.That(result.PatientName, Is.EqualTo("CompressedSamples^CT1"));
            Assert.That(result.SeriesInstanceUid, Is.EqualTo("1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322"));
            // pydicom: pixel_array * RescaleSlope(1) + RescaleIntercept(-1024).
            Assert.That(v[0, 0, 0], Is.EqualTo(-849));
            Assert.That(v[5, 0, 0], Is.EqualTo(-872));
            Assert.That(v[64, 64, 0], Is.EqualTo(904));
            Assert.That(v[127, 127, 0], Is.EqualTo(-115));
            Assert.That(v[10, 100, 0], Is.EqualTo(94));
            Assert.That(v.Data.Min(), Is.EqualTo(-896));
            Assert.That(v.Data.Max(), Is.EqualTo(1167));
            Assert.That(v.Data.Sum(x => (long)x), Is.EqualTo(-1950906));
        });
    }

    [Test]
    public async Task LoadAsync_MrSmall_MatchesPydicomStatistics()
    {
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("MR_small.dcm"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Dimensions, Is.EqualTo(new Int3(64, 64, 1)));
            Assert.That(result.Volume.Geometry.SpacingMm, Is.EqualTo(new Vec3(0.3125, 0.3125, 0.8)));
            Assert.That(result.Modality, Is.EqualTo("MR"));
            Assert.That(result.Volume.Data.Min(), Is.EqualTo(127));
            Assert.That(result.Volume.Data.Max(), Is.EqualTo(2145));
            Assert.That(result.Volume.Data.Sum(x => (long)x), Is.EqualTo(2125338));
        });
    }

    [TestCase("MR_small_RLE.dcm")]
    [TestCase("MR_small_jpeg_ls_lossless.dcm")]
    [TestCase("MR_small_jp2klossless.dcm")]
    [TestCase("MR_small_bigendian.dcm")]
    [TestCase("MR_small_implicit.dcm")]
    [TestCase("MR_small_expb.dcm")]
    [TestCase("MR_small_padded.dcm")]
    public async Task LoadAsync_MrSmallTransferSyntaxVariant_SamePixelsAsMrSmall(string variant)
    {
        DicomSeriesResult reference = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("MR_small.dcm"));
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile(variant));
        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Geometry.SameGrid(reference.Volume.Geometry), Is.True);
            Assert.That(result.Volume.Data, Is.EqualTo(reference.Volume.Data));
        });
    }

    [Test]
    public async Task LoadAsync_MultiFrameRtDose_FramesBecomeSlices()
    {
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("rtdose.dcm"));
        // pydicom: Columns 10, Rows 10, NumberOfFrames 15, PixelSpacing 10\10, GridFrameOffsetVector steps of 5 mm.
        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Dimensions, Is.EqualTo(new Int3(10, 10, 15)));
            Assert.That(result.Volume.Geometry.SpacingMm.Z, Is.EqualTo(5).Within(1e-6));
            Assert.That(result.Modality, Is.EqualTo("RTDOSE"));
        });
    }
}
