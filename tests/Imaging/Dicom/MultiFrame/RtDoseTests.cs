using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Nrrd;

namespace SurgicalNav.Imaging.Tests.Dicom.MultiFrame;

/// <summary>pydicom's RT Dose files load as float dose grids: raw x DoseGridScaling, frames placed by GridFrameOffsetVector.</summary>
public sealed class RtDoseTests : DicomFolderTest
{
    /// <summary>The dose of every voxel as dcmdump shows the file: 32-bit words (two 16-bit halves, low first) times DoseGridScaling.</summary>
    private static (double[] Dose, double Scaling, double[] Position, double[] Offsets) DcmdumpDose(string path)
    {
        string dump = DcmTool.Run("dcmdump", "+L", path);
        double scaling = DcmTool.Numbers(DcmTool.Values(dump, "DoseGridScaling").Single())[0];
        ushort[] words = DcmTool.PixelWords(path);
        var dose = new double[words.Length / 2];
        for (int n = 0; n < dose.Length; n++) dose[n] = (words[2 * n] | (uint)words[2 * n + 1] << 16) * scaling;
        return (dose, scaling, DcmTool.Numbers(DcmTool.Values(dump, "ImagePositionPatient").Single()), DcmTool.Numbers(DcmTool.Values(dump, "GridFrameOffsetVector").Single()));
    }

    [Test]
    public async Task LoadAsync_RtDose_FloatDoseIsRawTimesDoseGridScaling()
    {
        string path = DicomTestData.PydicomFile("rtdose.dcm");
        (double[] dose, double scaling, double[] position, double[] offsets) = DcmdumpDose(path);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.That(result.FloatVolume, Is.Not.Null);
        float[] ours = result.FloatVolume!.Data;
        Assert.Multiple(() =>
        {
            Assert.That(scaling, Is.EqualTo(1e-6), "dcmdump: DoseGridScaling 1.0000000e-6");
            Assert.That(result.FloatVolume.Dimensions, Is.EqualTo(new Int3(10, 10, 15)));
            Assert.That(ours.Max(), Is.EqualTo(dose.Max()).Within(1e-6 * dose.Max()), "max dose = max raw x DoseGridScaling");
            Assert.That(dose.Max(), Is.GreaterThan(0.5), "the grid holds doses in Gy, not rounded to zero");
            for (int n = 0; n < dose.Length; n++) Assert.That(ours[n], Is.EqualTo(dose[n]).Within(1e-6 * dose.Max()), $"voxel {n}");
            Assert.That(result.FloatVolume.Geometry.OriginMm, Is.EqualTo(new Vec3(position[0], position[1], position[2])));
            Assert.That(result.FloatVolume.Geometry.SpacingMm, Is.EqualTo(new Vec3(10, 10, offsets[1] - offsets[0])));
            Assert.That(result.Volume.Geometry, Is.EqualTo(result.FloatVolume.Geometry));
            Assert.That(result.Warnings, Has.Some.Contain("32-bit floats"));
        });
    }

    [TestCase("rtdose_expb.dcm")]
    [TestCase("rtdose_rle.dcm")]
    public async Task LoadAsync_RtDoseOtherTransferSyntax_SameDoseAsLittleEndian(string variant)
    {
        DicomSeriesResult reference = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("rtdose.dcm"));
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile(variant));
        Assert.Multiple(() =>
        {
            Assert.That(result.FloatVolume!.Geometry.SameGrid(reference.FloatVolume!.Geometry), Is.True);
            Assert.That(result.FloatVolume.Data, Is.EqualTo(reference.FloatVolume.Data));
        });
    }

    [Test]
    public async Task LoadAsync_AbsoluteGridFrameOffsets_SameGridAsRelative()
    {
        string path = CopyWithOffsets(o => o + -761.87, out _);

        DicomSeriesResult absolute = await DicomSeries.LoadAsync(path);
        DicomSeriesResult relative = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("rtdose.dcm"));

        Assert.Multiple(() =>
        {
            Assert.That(absolute.FloatVolume!.Geometry.SameGrid(relative.FloatVolume!.Geometry, 1e-4), Is.True, absolute.FloatVolume.Geometry.ToString());
            Assert.That(absolute.FloatVolume.Data, Is.EqualTo(relative.FloatVolume.Data));
        });
    }

    [Test]
    public async Task LoadAsync_DescendingFrameOffsets_FramesReorderedAlongTheNormal()
    {
        // Offsets 0, -5, ..., -70: frame 0 is the top slice, so the volume starts 70 mm lower with the last frame.
        string path = CopyWithOffsets(o => -o, out double[] offsets);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);
        DicomSeriesResult relative = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("rtdose.dcm"));

        Volume<float> dose = result.FloatVolume!;
        Assert.Multiple(() =>
        {
            Assert.That(dose.Geometry.OriginMm.Z, Is.EqualTo(-761.87 + offsets[^1]).Within(1e-4));
            Assert.That(dose.Geometry.SpacingMm.Z, Is.EqualTo(5).Within(1e-6));
            for (int k = 0; k < 15; k++) Assert.That(dose.Slice(k).ToArray(), Is.EqualTo(relative.FloatVolume!.Slice(14 - k).ToArray()), $"slice {k}");
        });
    }

    [Test]
    public async Task LoadAsync_RtDoseOneFrame_LoadsWithoutGdcm()
    {
        // Debian's GDCM 3.0 fails an assertion and aborts on this unmodified file; the managed reader reads it.
        string path = DicomTestData.PydicomFile("rtdose_1frame.dcm");
        (double[] dose, _, _, _) = DcmdumpDose(path);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(result.FloatVolume!.Dimensions, Is.EqualTo(new Int3(10, 10, 1)));
            Assert.That(result.FloatVolume.Data.Max(), Is.EqualTo(dose.Max()).Within(1e-6 * dose.Max()));
        });
    }

    [Test]
    public async Task NrrdWrite_RtDoseFloatVolume_RoundTripsExactly()
    {
        DicomSeriesResult result = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("rtdose.dcm"));
        string nrrd = Path.Combine(Folder, "dose.nrrd");

        NrrdFile.Write(nrrd, result.FloatVolume!);
        Volume<float> back = NrrdFile.Read<float>(nrrd).Volume;

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(nrrd)[..200], Does.Contain("type: float"));
            Assert.That(back.Geometry.SameGrid(result.FloatVolume!.Geometry), Is.True);
            Assert.That(back.Data, Is.EqualTo(result.FloatVolume!.Data));
        });
    }

    /// <summary>A copy of rtdose.dcm whose GridFrameOffsetVector is rewritten with dcmodify.</summary>
    private string CopyWithOffsets(Func<double, double> map, out double[] offsets)
    {
        string path = Path.Combine(Folder, "dose.dcm");
        File.Copy(DicomTestData.PydicomFile("rtdose.dcm"), path);
        offsets = DcmdumpDose(path).Offsets.Select(map).ToArray();
        string value = string.Join('\\', offsets.Select(o => o.ToString("0.###", CultureInfo.InvariantCulture)));
        DcmTool.Run("dcmodify", "-nb", "-m", $"(3004,000c)={value}", path);
        return path;
    }
}
