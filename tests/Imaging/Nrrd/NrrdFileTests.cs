using System.Text;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Nrrd;

namespace SurgicalNav.Imaging.Tests.Nrrd;

public class NrrdFileTests
{
    private const double GeometryToleranceMm = 1e-9;
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nrrd-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Anisotropic grid rotated 30 degrees about z, with an off-centre origin.</summary>
    private static ImageGeometry RotatedGeometry()
    {
        double a = Math.PI / 6, c = Math.Cos(a), s = Math.Sin(a);
        Matrix3 rotation = Matrix3.FromColumns(new Vec3(c, s, 0), new Vec3(-s, c, 0), new Vec3(0, 0, 1));
        return new ImageGeometry(new Int3(13, 7, 5), new Vec3(0.7, 1.3, 2.5), new Vec3(-101.25, 37.5, -12.125), rotation);
    }

    private static Volume<T> Filled<T>(ImageGeometry g, Func<int, T> value) where T : unmanaged
    {
        var v = new Volume<T>(g);
        for (int n = 0; n < v.Voxels.Length; n++) v.Voxels[n] = value(n);
        return v;
    }

    private static void AssertGeometryEqual(ImageGeometry actual, ImageGeometry expected)
    {
        double[] a = actual.Direction.ToRowMajor(), e = expected.Direction.ToRowMajor();
        Assert.Multiple(() =>
        {
            Assert.That(actual.Dimensions, Is.EqualTo(expected.Dimensions));
            for (int c = 0; c < 3; c++)
            {
                Assert.That(actual.SpacingMm[c], Is.EqualTo(expected.SpacingMm[c]).Within(GeometryToleranceMm), $"spacing[{c}]");
                Assert.That(actual.OriginMm[c], Is.EqualTo(expected.OriginMm[c]).Within(GeometryToleranceMm), $"origin[{c}]");
            }
            for (int n = 0; n < 9; n++) Assert.That(a[n], Is.EqualTo(e[n]).Within(1e-12), $"direction[{n}]");
            // Every voxel maps to the same patient point: check the far corner, the point most sensitive to errors.
            Int3 d = expected.Dimensions;
            Vec3 far = expected.IndexToPatient(d.X - 1, d.Y - 1, d.Z - 1);
            Assert.That((actual.IndexToPatient(d.X - 1, d.Y - 1, d.Z - 1) - far).Length, Is.LessThan(GeometryToleranceMm));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void WriteRead_ShortVolumeRotatedAnisotropic_VoxelsIdenticalAndGeometryWithin1e9(bool gzip)
    {
        ImageGeometry g = RotatedGeometry();
        Volume<short> volume = Filled(g, n => (short)((n * 7919 % 65536) - 32768));
        string path = Path.Combine(_dir, "ct.nrrd");

        NrrdFile.Write(path, volume, gzip);
        (Volume<short> read, NrrdHeader header) = NrrdFile.Read<short>(path);

        Assert.Multiple(() =>
        {
            Assert.That(header.Type, Is.EqualTo("short"));
            Assert.That(header.Encoding, Is.EqualTo(gzip ? "gzip" : "raw"));
            Assert.That(read.Data, Is.EqualTo(volume.Data).AsCollection);
        });
        AssertGeometryEqual(read.Geometry, g);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void WriteRead_ByteVolumeRotatedAnisotropic_VoxelsIdenticalAndGeometryWithin1e9(bool gzip)
    {
        ImageGeometry g = RotatedGeometry();
        Volume<byte> volume = Filled(g, n => (byte)(n * 31 % 256));
        string path = Path.Combine(_dir, "labels.seg.nrrd");

        NrrdFile.Write(path, volume, gzip);
        (Volume<byte> read, NrrdHeader header) = NrrdFile.Read<byte>(path);

        Assert.Multiple(() =>
        {
            Assert.That(header.Type, Is.EqualTo("uchar"));
            Assert.That(read.Data, Is.EqualTo(volume.Data).AsCollection);
        });
        AssertGeometryEqual(read.Geometry, g);
    }

    [Test]
    public void WriteRead_KeyValuePairs_SurviveExactly()
    {
        var keyValues = new Dictionary<string, string>
        {
            ["Segment0_Name"] = "liver",
            ["Segment0_Color"] = "0.62 0.32 0.22",
            ["Segment1_Extent"] = "0 12 0 6 0 4",
            ["weird key with spaces"] = "value: with colon",
        };
        string path = Path.Combine(_dir, "kv.nrrd");

        NrrdFile.Write(path, Filled(RotatedGeometry(), n => (byte)(n % 3)), keyValues: keyValues);
        NrrdHeader header = NrrdFile.ReadHeader(path);

        Assert.That(header.KeyValues, Is.EquivalentTo(keyValues));
    }

    [Test]
    public void Read_HandWrittenRasHeader_GivesLpsWithXAndYFlipped()
    {
        // RAS: i along +R (so LPS -x), j along +A (LPS -y), k along +S; spacing 0.5, 0.75, 2 mm.
        string header =
            "NRRD0004\n" +
            "# hand written\n" +
            "type: unsigned char\n" +
            "dimension: 3\n" +
            "space: right-anterior-superior\n" +
            "sizes: 4 3 2\n" +
            "space directions: (0.5,0,0) (0,0.75,0) (0,0,2)\n" +
            "kinds: domain domain domain\n" +
            "endian: little\n" +
            "encoding: raw\n" +
            "space origin: (10,-20,30)\n" +
            "\n";
        byte[] voxels = Enumerable.Range(0, 24).Select(n => (byte)(n * 10)).ToArray();
        string path = Path.Combine(_dir, "ras.nrrd");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(header), .. voxels]);

        (Volume<byte> read, _) = NrrdFile.Read<byte>(path);
        ImageGeometry g = read.Geometry;

        Assert.Multiple(() =>
        {
            Assert.That(read.Data, Is.EqualTo(voxels).AsCollection);
            Assert.That(g.SpacingMm.X, Is.EqualTo(0.5).Within(GeometryToleranceMm));
            Assert.That(g.SpacingMm.Y, Is.EqualTo(0.75).Within(GeometryToleranceMm));
            Assert.That(g.SpacingMm.Z, Is.EqualTo(2).Within(GeometryToleranceMm));
            Assert.That(g.OriginMm.X, Is.EqualTo(-10).Within(GeometryToleranceMm));
            Assert.That(g.OriginMm.Y, Is.EqualTo(20).Within(GeometryToleranceMm));
            Assert.That(g.OriginMm.Z, Is.EqualTo(30).Within(GeometryToleranceMm));
            Assert.That(g.Direction.ToRowMajor(), Is.EqualTo(new double[] { -1, 0, 0, 0, -1, 0, 0, 0, 1 }).AsCollection.Within(1e-12));
            // Voxel (3, 2, 1) sits at RAS (11.5, -18.5, 32), i.e. LPS (-11.5, 18.5, 32).
            Vec3 p = g.IndexToPatient(3, 2, 1);
            Assert.That((p - new Vec3(-11.5, 18.5, 32)).Length, Is.LessThan(GeometryToleranceMm));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Read_TruncatedVoxelData_ThrowsMentioningTruncated(bool gzip)
    {
        string path = Path.Combine(_dir, "cut.nrrd");
        // Random-looking data so gzip cannot shrink it to a handful of bytes.
        NrrdFile.Write(path, Filled(RotatedGeometry(), n => (short)(n * 2654435761L >> 7)), gzip);
        byte[] bytes = File.ReadAllBytes(path);
        long dataOffset = NrrdFile.ReadHeader(path).DataOffset;
        File.WriteAllBytes(path, bytes[..(int)(dataOffset + (bytes.Length - dataOffset) / 2)]);

        var e = Assert.Throws<NrrdFormatException>(() => NrrdFile.Read<short>(path));

        Assert.That(e!.Message, Does.Contain("truncated").And.Contain(path));
    }

    [Test]
    public void Read_NotNrrd_ThrowsNamingFile()
    {
        string path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "P6\n# a PPM image, not NRRD\n\n1 1 255\n");

        var e = Assert.Throws<NrrdFormatException>(() => NrrdFile.Read<short>(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("not a NRRD"));
    }

    [Test]
    public void ReadHeader_NoSizesField_ThrowsNamingFileAndField()
    {
        string path = Path.Combine(_dir, "nosizes.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: short\ndimension: 3\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\n");

        var e = Assert.Throws<NrrdFormatException>(() => NrrdFile.ReadHeader(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("'sizes'"));
    }

    [Test]
    public void ReadHeader_HeaderLongerThanOneMiB_ThrowsNamingFile()
    {
        string path = Path.Combine(_dir, "huge.nrrd");
        var sb = new StringBuilder("NRRD0004\n");
        string comment = "# " + new string('x', 1000) + "\n";
        while (sb.Length <= (1 << 20) + 10_000) sb.Append(comment);
        sb.Append("type: short\n\n");
        File.WriteAllText(path, sb.ToString());

        var e = Assert.Throws<NrrdFormatException>(() => NrrdFile.ReadHeader(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("1 MiB"));
    }

    [TestCase("../secret.raw")]
    [TestCase("sub/../../secret.raw")]
    public void ReadHeader_DataFileWithParentDirectory_IsRejected(string dataFile)
    {
        string path = Path.Combine(_dir, "detached.nhdr");
        File.WriteAllText(path,
            "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n" +
            $"encoding: raw\ndata file: {dataFile}\n\n");

        var e = Assert.Throws<NrrdFormatException>(() => NrrdFile.ReadHeader(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain(dataFile));
    }

    [Test]
    public void Read_DetachedDataFileBesideHeader_ReadsVoxels()
    {
        string path = Path.Combine(_dir, "detached.nhdr");
        File.WriteAllText(path,
            "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n" +
            "encoding: raw\nendian: little\ndata file: detached.raw\n\n");
        short[] voxels = [-1000, -1, 0, 1, 2, 300, 1024, 3071];
        File.WriteAllBytes(Path.Combine(_dir, "detached.raw"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(voxels.AsSpan()).ToArray());

        (Volume<short> read, _) = NrrdFile.Read<short>(path);

        Assert.That(read.Data, Is.EqualTo(voxels).AsCollection);
    }
}
