using System.Diagnostics;
using System.Security.Cryptography;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

public sealed class DicomRoundTripTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = DicomTestData.NewTempFolder();

    [TearDown]
    public void TearDown() => DicomTestData.DeleteQuietly(_folder);

    [Test]
    public async Task WriteThenLoad_GradientCt_VoxelsAndGeometryMatch()
    {
        Volume<short> original = DicomTestData.GradientCt();
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(original, _folder, DicomTestData.Info());

        DicomSeriesResult result = await DicomSeries.LoadAsync(_folder);

        Assert.Multiple(() =>
        {
            Assert.That(files, Has.Count.EqualTo(20));
            Assert.That(Path.GetFileName(files[0]), Is.EqualTo("IM00001.dcm"));
            Assert.That(result.FileCount, Is.EqualTo(20));
            Assert.That(result.Modality, Is.EqualTo("CT"));
            Assert.That(result.PatientName, Is.EqualTo("Phantom^Gradient"));
            Assert.That(result.SeriesDescription, Is.EqualTo("synthetic gradient"));
            Assert.That(result.SeriesInstanceUid, Is.EqualTo(DicomUid.FromSeed("test-seed", "series")));
            Assert.That(result.StudyInstanceUid, Is.EqualTo(DicomUid.FromSeed("test-seed", "study")));
            Assert.That(result.Warnings, Is.Empty);
            Assert.That(result.Volume.Geometry.SameGrid(original.Geometry, 1e-3), Is.True,
                $"loaded {result.Volume.Geometry} vs written {original.Geometry}");
            Assert.That(result.Volume.Data, Is.EqualTo(original.Data));
        });
    }

    [Test]
    public async Task WriteThenLoad_ObliqueGeometryAndOutOfRangeHu_ClampsAndKeepsDirection()
    {
        double c = Math.Cos(0.3), s = Math.Sin(0.3);
        var direction = Matrix3.FromColumns(new Vec3(c, s, 0), new Vec3(-s, c, 0), new Vec3(0, 0, 1));
        var geometry = new ImageGeometry(new Int3(8, 6, 4), new Vec3(0.5, 0.8, 3), new Vec3(1.25, -7.5, 33.3), direction);
        var volume = new Volume<short>(geometry);
        for (int n = 0; n < volume.Data.Length; n++) volume.Data[n] = (short)(-3000 + n * 50);

        DicomSeriesWriter.WriteCtSeries(volume, _folder, DicomTestData.Info("oblique"));
        DicomSeriesResult result = await DicomSeries.LoadAsync(_folder);

        short[] expected = volume.Data.Select(v => (short)Math.Clamp((int)v, -1024, 4095 - 1024)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Geometry.SameGrid(geometry, 1e-3), Is.True, $"loaded {result.Volume.Geometry}");
            Assert.That(result.Volume.Data, Is.EqualTo(expected));
        });
    }

    [Test]
    public void WriteCtSeries_SameSeedTwice_FilesAreByteIdentical()
    {
        Volume<short> volume = DicomTestData.GradientCt(16, 12, 5);
        string first = Path.Combine(_folder, "a"), second = Path.Combine(_folder, "b");
        IReadOnlyList<string> a = DicomSeriesWriter.WriteCtSeries(volume, first, DicomTestData.Info());
        IReadOnlyList<string> b = DicomSeriesWriter.WriteCtSeries(volume, second, DicomTestData.Info());

        Assert.That(a.Select(Sha256), Is.EqualTo(b.Select(Sha256)));
        IReadOnlyList<string> other = DicomSeriesWriter.WriteCtSeries(volume, Path.Combine(_folder, "c"), DicomTestData.Info("another-seed"));
        Assert.That(Sha256(other[0]), Is.Not.EqualTo(Sha256(a[0])));
    }

    [Test]
    public void WriteCtSeries_FileMetaAndAttributes_HaveNoClockOrRandomValues()
    {
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 2), _folder, DicomTestData.Info());
        string dump = RunTool("dcmdump", $"\"{files[1]}\"");
        string instanceUid = DicomUid.FromSeed("test-seed", "instance/1");
        Assert.Multiple(() =>
        {
            Assert.That(dump, Does.Contain($"(0002,0003) UI [{instanceUid}]"));
            Assert.That(dump, Does.Contain($"(0008,0018) UI [{instanceUid}]"));
            Assert.That(dump, Does.Contain("(0002,0010) UI =LittleEndianExplicit"));
            Assert.That(dump, Does.Contain("(0008,0016) UI =CTImageStorage"));
            Assert.That(dump, Does.Contain("(0020,0013) IS [2]"));
            Assert.That(dump, Does.Contain("(0028,0030) DS [0.7\\0.7]"));
            Assert.That(dump, Does.Contain("(0020,0032) DS [-20\\-15\\102.5]"));
            Assert.That(dump, Does.Contain("(0028,1052) DS [-1024]"));
            Assert.That(dump, Does.Contain("(0028,0101) US 12"));
            Assert.That(dump, Does.Contain("(0008,0020) DA [20240131]"));
            // Every UID is ours (2.25.), a DICOM constant (1.2.840.10008.) or GDCM's fixed implementation class UID.
            foreach (string line in dump.Split('\n').Where(l => l.Contains(" UI [")))
            {
                Assert.That(line, Does.Contain("[2.25.").Or.Contain("[1.2.840.10008.").Or.Contain("ImplementationClassUID"), line);
            }
        });
        Assert.That(DicomUid.FromSeed("x", "series"), Does.Match(@"^2\.25\.[1-9][0-9]{0,38}$"));
    }

    [Test]
    public async Task LoadAsync_ShuffledInstanceNumbersAndFileNames_SortsByPosition()
    {
        Volume<short> original = DicomTestData.GradientCt(16, 12, 9);
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(original, _folder, DicomTestData.Info());
        int[] permutation = [4, 8, 0, 6, 2, 7, 1, 5, 3];
        string shuffled = Path.Combine(_folder, "shuffled");
        Directory.CreateDirectory(shuffled);
        for (int k = 0; k < files.Count; k++)
        {
            string target = Path.Combine(shuffled, $"slice{permutation[k]:00}.dcm");
            File.Copy(files[k], target);
            RunTool("dcmodify", $"-nb -m \"(0020,0013)={permutation[k] + 1}\" \"{target}\"");
        }

        DicomSeriesResult result = await DicomSeries.LoadAsync(shuffled);

        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Data, Is.EqualTo(original.Data));
            Assert.That(result.Volume.Geometry.SameGrid(original.Geometry), Is.True);
        });
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string RunTool(string tool, string arguments)
    {
        ProcessStartInfo start = new(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore($"{tool} is not installed (Debian package dcmtk); it is the oracle for this test");
            throw;
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"{tool} {arguments} failed: {error}");
            return output;
        }
    }
}
