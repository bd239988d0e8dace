using System.Buffers.Binary;
using System.Diagnostics;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Tests.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom.Pixels;

/// <summary>Compressed copies of a phantom series made with GDCM's and dcmtk's own tools must import like the original.</summary>
public sealed class DicomCompressedSeriesTests : DicomFolderTest
{
    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using Process p = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"{tool} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
    }

    private (string Source, string Copy) WritePhantomAndCopyFolder()
    {
        string source = Path.Combine(Folder, "raw"), copy = Path.Combine(Folder, "copy");
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(40, 32, 5), source, DicomTestData.Info());
        Directory.CreateDirectory(copy);
        return (source, copy);
    }

    [TestCase("gdcmconv", "--jpegls", "1.2.840.10008.1.2.4.80", 0)]
    [TestCase("gdcmconv", "--j2k", "1.2.840.10008.1.2.4.90", 0)]
    [TestCase("gdcmconv", "--rle", "1.2.840.10008.1.2.5", 0)]
    [TestCase("gdcmconv", "--jpeg", "1.2.840.10008.1.2.4.70", 0)]
    [TestCase("dcmcjpls", "", "1.2.840.10008.1.2.4.80", 0)]
    [TestCase("dcmcjpeg", "", "1.2.840.10008.1.2.4.70", 0)]
    [TestCase("dcmcrle", "", "1.2.840.10008.1.2.5", 0)]
    [TestCase("gdcmconv", "--jpegls --lossy -e 2", "1.2.840.10008.1.2.4.81", 2)]
    public async Task LoadAsync_CompressedCopy_SameVoxelsWithinCodecLoss(string tool, string options, string syntax, int maxErrorHu)
    {
        (string source, string copy) = WritePhantomAndCopyFolder();
        foreach (string file in Directory.GetFiles(source))
        {
            string[] flags = options.Length == 0 ? [] : options.Split(' ');
            Run(tool, [.. flags, file, Path.Combine(copy, Path.GetFileName(file))]);
        }

        DicomSeriesResult original = await DicomSeries.LoadAsync(source);
        DicomSeriesResult compressed = await DicomSeries.LoadAsync(copy);
        IReadOnlyList<DicomSeriesSummary> listed = DicomSeries.Probe(copy);
        int worst = original.Volume.Data.Zip(compressed.Volume.Data).Max(p => Math.Abs(p.First - p.Second));

        Assert.Multiple(() =>
        {
            Assert.That(listed.Single().TransferSyntax, Is.EqualTo(DicomTransferSyntax.NameOf(syntax)));
            Assert.That(compressed.Volume.Geometry.SameGrid(original.Volume.Geometry, 1e-6), Is.True);
            Assert.That(worst, Is.LessThanOrEqualTo(maxErrorHu), $"largest difference {worst} HU; {tool} {options} allows {maxErrorHu}");
            if (maxErrorHu == 0) Assert.That(compressed.Volume.Data, Is.EqualTo(original.Volume.Data));
        });
    }

    [Test]
    public void LoadAsync_TransferSyntaxGdcmCannotDecode_ErrorNamesFileAndSyntax()
    {
        (string source, string copy) = WritePhantomAndCopyFolder();
        string j2k = Path.Combine(copy, "htj2k.dcm");
        Run("gdcmconv", "--j2k", Directory.GetFiles(source)[0], j2k);
        File.WriteAllBytes(j2k, WithTransferSyntax(File.ReadAllBytes(j2k), "1.2.840.10008.1.2.4.201"));

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(j2k));

        Assert.That(ex!.Message, Does.Contain("htj2k.dcm").And.Contain("1.2.840.10008.1.2.4.201").And.Contain("HTJ2K Lossless"));
    }

    /// <summary>Rewrites the meta group's TransferSyntaxUID (0002,0010) and fixes the group length.</summary>
    private static byte[] WithTransferSyntax(byte[] bytes, string uid)
    {
        var meta = new MemoryStream();
        int pos = 132;
        foreach (int at in Mutations.DicomMutator.ExplicitElementOffsets(bytes).TakeWhile(o => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(o)) == 2))
        {
            bool longVr = bytes[at + 4] == 'O';
            int length = longVr ? (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 6));
            int size = (longVr ? 12 : 8) + length;
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 2)) == 0x0010)
            {
                byte[] value = System.Text.Encoding.ASCII.GetBytes(uid.Length % 2 == 1 ? uid + "\0" : uid);
                meta.Write(bytes.AsSpan(at, 6));
                meta.Write(BitConverter.GetBytes((ushort)value.Length));
                meta.Write(value);
            }
            else
            {
                meta.Write(bytes.AsSpan(at, size));
            }
            pos = at + size;
        }
        byte[] group = meta.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(group.AsSpan(8), (uint)(group.Length - 12));
        return [.. bytes.AsSpan(0, 132), .. group, .. bytes.AsSpan(pos)];
    }
}
