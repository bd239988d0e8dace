using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom.Pixels;

/// <summary>
/// Stored-value encodings on real files changed with dcmtk: signed and unsigned words, BitsStored below
/// BitsAllocated with garbage in the unused high bits, MONOCHROME1. Expected values come from dcmdump's words.
/// </summary>
public sealed class DicomPixelEncodingTests : DicomFolderTest
{
    private string CopyOf(string name, params string[] modifications)
    {
        string path = Path.Combine(Folder, name);
        File.Copy(DicomTestData.PydicomFile(name), path);
        foreach (string m in modifications) DcmTool.Run("dcmodify", "-nb", "-m", m, path);
        return path;
    }

    /// <summary>CT_small.dcm (signed 16-bit, intercept -1024) with its first 200 words set to its PixelPaddingValue -2000 (0xF830).</summary>
    private string CtSmallWithNegatives(bool markUnsigned)
    {
        string path = Path.Combine(Folder, "CT_small.dcm");
        byte[] bytes = File.ReadAllBytes(DicomTestData.PydicomFile("CT_small.dcm"));
        // Where PixelData starts: the first 16 words dcmdump shows, found in the bytes (something follows PixelData in this file).
        byte[] head = DcmTool.PixelWords(DicomTestData.PydicomFile("CT_small.dcm")).Take(16).SelectMany(BitConverter.GetBytes).ToArray();
        int pixels = bytes.AsSpan().IndexOf(head);
        Assert.That(pixels, Is.GreaterThan(0));
        for (int n = 0; n < 200; n++) BitConverter.TryWriteBytes(bytes.AsSpan(pixels + 2 * n), (ushort)0xF830);
        File.WriteAllBytes(path, bytes);
        if (markUnsigned) DcmTool.Run("dcmodify", "-nb", "-m", "(0028,0103)=0", path);
        Assert.That(DcmTool.PixelWords(path).Take(200), Is.All.EqualTo(0xF830), "dcmdump sees the patched words");
        return path;
    }

    [Test]
    public async Task LoadAsync_SignedWordsWithNegatives_HuAreSignedWordsPlusIntercept()
    {
        string path = CtSmallWithNegatives(markUnsigned: false);
        short[] expected = DcmTool.PixelWords(path).Select(w => (short)((short)w - 1024)).ToArray();

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(expected[0], Is.EqualTo(-3024), "-2000 stored + -1024 intercept");
            Assert.That(result.Volume.Data, Is.EqualTo(expected));
            Assert.That(result.Warnings, Is.Empty);
        });
    }

    [Test]
    public async Task LoadAsync_SameWordsMarkedUnsigned_ReadUnsignedAndClampedWithWarning()
    {
        string path = CtSmallWithNegatives(markUnsigned: true);
        short[] expected = DcmTool.PixelWords(path).Select(w => (short)Math.Clamp(w - 1024, short.MinValue, short.MaxValue)).ToArray();

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(expected[0], Is.EqualTo(short.MaxValue), "0xF830 unsigned is 63536, beyond short after the intercept");
            Assert.That(result.Volume.Data, Is.EqualTo(expected));
            Assert.That(result.Warnings, Has.Some.Contain("200 voxel value(s)").And.Some.Contain("were clamped"));
        });
    }

    [Test]
    public async Task LoadAsync_Monochrome1_ValuesKeptAndDisplayInversionReported()
    {
        string path = CopyOf("CT_small.dcm", "(0028,0004)=MONOCHROME1");

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);
        DicomSeriesResult reference = await DicomSeries.LoadAsync(DicomTestData.PydicomFile("CT_small.dcm"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Data, Is.EqualTo(reference.Volume.Data), "HU stay HU: the rescale applies to stored values whatever the photometric interpretation");
            Assert.That(result.PhotometricInterpretation, Is.EqualTo("MONOCHROME1"));
            Assert.That(reference.PhotometricInterpretation, Is.EqualTo("MONOCHROME2"));
            Assert.That(result.Warnings, Has.Some.Contain("MONOCHROME1").And.Some.Contain("inverted grey scale"));
        });
    }

    /// <summary>One 12-bit slice written by our writer (unsigned, intercept -1024) with <paramref name="highBits"/> OR-ed into every word.</summary>
    private (string Path, ushort[] Stored) TwelveBitSlice(ushort highBits)
    {
        Volume<short> ct = DicomTestData.GradientCt(16, 12, 1);
        string folder = Path.Combine(Folder, "twelve");
        string path = DicomSeriesWriter.WriteCtSeries(ct, folder, DicomTestData.Info()).Single();
        byte[] bytes = File.ReadAllBytes(path);
        int pixels = bytes.Length - 16 * 12 * 2;
        var stored = new ushort[16 * 12];
        for (int n = 0; n < stored.Length; n++)
        {
            stored[n] = BitConverter.ToUInt16(bytes, pixels + 2 * n);
            BitConverter.TryWriteBytes(bytes.AsSpan(pixels + 2 * n), (ushort)(stored[n] | highBits));
        }
        File.WriteAllBytes(path, bytes);
        Assert.That(DcmTool.Run("dcmdump", "+P", "0028,0101", path), Does.Contain("US 12"));
        Assert.That(DcmTool.PixelWords(path).All(w => (w & 0xF000) == highBits), Is.True, "dcmdump sees the garbage bits");
        return (path, stored);
    }

    [Test]
    public async Task LoadAsync_TwelveBitsStoredWithGarbageAbove_HighBitsMasked()
    {
        (string path, ushort[] stored) = TwelveBitSlice(0xF000);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.That(result.Volume.Data, Is.EqualTo(stored.Select(s => (short)(s - 1024)).ToArray()));
        Assert.That(result.Volume.Data, Is.EqualTo(DicomTestData.GradientCt(16, 12, 1).Data));
    }

    [Test]
    public async Task LoadAsync_TwelveBitSignedWithGarbageAbove_SignExtendedFromBit11InBothReaders()
    {
        (string path, ushort[] stored) = TwelveBitSlice(0xA000);
        DcmTool.Run("dcmodify", "-nb", "-m", "(0028,0103)=1", path);
        short[] expected = stored.Select(s => (short)((s >= 2048 ? s - 4096 : s) - 1024)).ToArray();
        // The same file in explicit big endian goes through GDCM in its worker instead of the direct reader.
        string bigEndian = Path.Combine(Folder, "be", "IM00001.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(bigEndian)!);
        DcmTool.Run("dcmconv", "+tb", path, bigEndian);

        DicomSeriesResult direct = await DicomSeries.LoadAsync(path);
        DicomSeriesResult gdcm = await DicomSeries.LoadAsync(bigEndian);

        Assert.Multiple(() =>
        {
            Assert.That(expected.Count(v => v < -1024), Is.GreaterThan(0), "some stored values have bit 11 set");
            Assert.That(direct.Volume.Data, Is.EqualTo(expected));
            Assert.That(gdcm.Volume.Data, Is.EqualTo(expected));
        });
    }
}
