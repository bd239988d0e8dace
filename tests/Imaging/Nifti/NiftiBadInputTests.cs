using SurgicalNav.Imaging.Nifti;

namespace SurgicalNav.Imaging.Tests.Nifti;

public class NiftiBadInputTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nifti-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Save(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Valid(short nx = 4, short ny = 4, short nz = 4) =>
        new NiftiTestFiles(nx, ny, nz, datatype: 4, bitpix: 16).PixDim(1, 1, 1, 1).With(new byte[nx * ny * nz * 2]);

    private static void AssertError(string path, params string[] mustContain)
    {
        var e = Assert.Throws<NiftiFormatException>(() => NiftiFile.Read<short>(path));
        Assert.That(e!.Message, Does.Contain(path));
        foreach (string s in mustContain) Assert.That(e.Message, Does.Contain(s));
    }

    [Test]
    public void Read_TruncatedHeader_SaysTooShortForAHeader() =>
        AssertError(Save("t.nii", Valid()[..100]), "too short for a NIfTI-1 header", "100 bytes");

    [Test]
    public void Read_WrongSizeofHdr_SaysNotNifti1()
    {
        byte[] b = Valid();
        b[0] = 0x2A;
        AssertError(Save("w.nii", b), "sizeof_hdr is", "expected 348");
    }

    [Test]
    public void Read_Nifti2SizeofHdr_SaysOnlyNifti1()
    {
        byte[] b = Valid();
        BitConverter.GetBytes(540).CopyTo(b, 0);
        AssertError(Save("n2.nii", b), "NIfTI-2");
    }

    [Test]
    public void Read_UnsupportedDatatype_NamesTheCode()
    {
        byte[] b = new NiftiTestFiles(2, 2, 2, datatype: 128, bitpix: 24).PixDim(1, 1, 1, 1).With(new byte[24]);
        AssertError(Save("rgb.nii", b), "datatype 128", "RGB24", "supported are");
    }

    [Test]
    public void Read_DimsExceedFileSize_SaysHowManyBytesAreMissing()
    {
        byte[] b = Valid(4, 4, 4);
        AssertError(Save("short.nii", b[..(b.Length - 10)]), "4x4x4", "480 bytes in all", "holds 470 bytes");
    }

    [Test]
    public void Read_HugeDims_IsRefusedBeforeAllocating()
    {
        byte[] b = new NiftiTestFiles(32000, 32000, 32000, datatype: 4, bitpix: 16).PixDim(1, 1, 1, 1).With(new byte[16]);
        Assert.Throws<NiftiFormatException>(() => NiftiFile.Read<short>(Save("huge.nii", b)));
    }

    [Test]
    public void Read_GzipClaimingMoreThanTheMemoryCap_IsRefusedBeforeAllocating()
    {
        // 128^3 int16 is 4 MiB of voxels but compresses to a few KiB; with a 1 MiB cap it must be refused up front.
        string plain = Save("big.nii", Valid(128, 128, 128));
        string gz = Path.Combine(_dir, "big.nii.gz");
        NiftiFileTests.Gzip(plain, gz);

        var e = Assert.Throws<NiftiFormatException>(() => NiftiFile.Read<short>(gz, memoryCapBytes: 1 << 20));

        Assert.That(e!.Message, Does.Contain(gz).And.Contain("would need 4 MiB").And.Contain("128x128x128"));
        Assert.That(NiftiFile.Read<short>(gz).Volume.Dimensions, Is.EqualTo(new Int3(128, 128, 128)), "the default cap admits it");
    }

    [Test]
    public void Read_TruncatedGzip_SaysTruncated()
    {
        string plain = Save("v.nii", Valid(16, 16, 16));
        string gz = Path.Combine(_dir, "v.nii.gz");
        NiftiFileTests.Gzip(plain, gz);
        byte[] bytes = File.ReadAllBytes(gz);
        string cut = Save("cut.nii.gz", bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<NiftiFormatException>(() => NiftiFile.Read<short>(cut));
        Assert.That(e!.Message, Does.Contain(cut).And.Contain("truncated").Or.Contain("corrupt"));
    }

    [Test]
    public void Read_FourDimensionalSeries_AsksToExtractOneVolume()
    {
        byte[] b = Valid(2, 2, 2);
        b[40] = 4;
        b[48] = 3; // dim[4] = 3 volumes
        AssertError(Save("4d.nii", b), "4D image (2x2x2x3)", "Extract one volume");
    }

    [Test]
    public void Read_AnalyzeMagic_SaysConvert()
    {
        byte[] b = Valid();
        b[344] = 0;
        b[345] = 0;
        b[346] = 0;
        AssertError(Save("a.nii", b), "ANALYZE");
    }

    [Test]
    public void Read_ZeroSpacing_SaysHeaderDamaged()
    {
        byte[] b = new NiftiTestFiles(2, 2, 2, datatype: 4, bitpix: 16).PixDim(1, 1, 0, 1).With(new byte[16]);
        AssertError(Save("z.nii", b), "spacing along axis 1");
    }

    [Test]
    public void Read_MissingFile_SaysItDoesNotExist() =>
        AssertError(Path.Combine(_dir, "nope.nii.gz"), "does not exist");
}
