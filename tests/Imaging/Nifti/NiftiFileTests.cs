using System.IO.Compression;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Nifti;
using SurgicalNav.Imaging.Nrrd;

namespace SurgicalNav.Imaging.Tests.Nifti;

public class NiftiFileTests
{
    private const double OriginToleranceMm = 1e-4;
    private const double DirectionTolerance = 1e-6;
    private const double SpacingToleranceMm = 1e-5;
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nifti-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Oblique (rotated about two axes), anisotropic, off-centre: a geometry where any sign or axis mix-up shows.</summary>
    internal static ImageGeometry ObliqueGeometry(bool flipK = false)
    {
        double a = 0.4, b = -0.25;
        Matrix3 rz = Matrix3.FromColumns(new Vec3(Math.Cos(a), Math.Sin(a), 0), new Vec3(-Math.Sin(a), Math.Cos(a), 0), new Vec3(0, 0, 1));
        Matrix3 rx = Matrix3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, Math.Cos(b), Math.Sin(b)), new Vec3(0, -Math.Sin(b), Math.Cos(b)));
        Vec3 c0 = rx * rz.Column(0), c1 = rx * rz.Column(1), c2 = rx * rz.Column(2);
        if (flipK) c2 = -c2;
        return new ImageGeometry(new Int3(11, 7, 5), new Vec3(0.68359375, 1.25, 2.5), new Vec3(-171.3125, 22.75, -310.5), Matrix3.FromColumns(c0, c1, c2));
    }

    internal static Volume<T> Filled<T>(ImageGeometry g, Func<int, T> value) where T : unmanaged
    {
        var v = new Volume<T>(g);
        for (int n = 0; n < v.Voxels.Length; n++) v.Voxels[n] = value(n);
        return v;
    }

    internal static void AssertGeometry(ImageGeometry actual, ImageGeometry expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Dimensions, Is.EqualTo(expected.Dimensions));
            for (int c = 0; c < 3; c++)
            {
                Assert.That(actual.SpacingMm[c], Is.EqualTo(expected.SpacingMm[c]).Within(SpacingToleranceMm), $"spacing[{c}] mm");
                Assert.That(actual.OriginMm[c], Is.EqualTo(expected.OriginMm[c]).Within(OriginToleranceMm), $"origin[{c}] mm");
            }
            double[] a = actual.Direction.ToRowMajor(), e = expected.Direction.ToRowMajor();
            for (int n = 0; n < 9; n++) Assert.That(a[n], Is.EqualTo(e[n]).Within(DirectionTolerance), $"direction[{n}]");
        });
    }

    [TestCase("v.nii.gz", false)]
    [TestCase("v.nii", false)]
    [TestCase("v.nii.gz", true)]
    public void Write_ObliqueAnisotropicVolume_ReadsBackSameVoxelsAndGeometry(string name, bool flipK)
    {
        ImageGeometry g = ObliqueGeometry(flipK);
        Volume<short> volume = Filled(g, n => (short)((n * 37 % 4000) - 1024));
        string path = Path.Combine(_dir, name);

        NiftiFile.Write(path, volume);
        (Volume<short> back, NiftiHeader header) = NiftiFile.Read<short>(path);

        Assert.That(back.Voxels.ToArray(), Is.EqualTo(volume.Voxels.ToArray()));
        AssertGeometry(back.Geometry, g);
        Assert.That(header.Compressed, Is.EqualTo(name.EndsWith(".gz", StringComparison.Ordinal)));
        Assert.That(header.GeometrySource, Does.StartWith("sform"));
    }

    [Test]
    public void Write_ObliqueVolume_QformAloneGivesTheSameGeometry()
    {
        // The reader prefers the sform; zeroing sform_code makes it use the quaternion we wrote, which must agree.
        ImageGeometry g = ObliqueGeometry(flipK: true);
        string path = Path.Combine(_dir, "q.nii");
        NiftiFile.Write(path, Filled<byte>(g, n => (byte)n));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[254] = 0;
        bytes[255] = 0;
        File.WriteAllBytes(path, bytes);

        NiftiHeader header = NiftiFile.ReadHeader(path);

        Assert.That(header.GeometrySource, Does.StartWith("qform"));
        AssertGeometry(header.Geometry, g);
    }

    [Test]
    public void Write_EachSupportedType_RoundTripsExactly()
    {
        ImageGeometry g = ObliqueGeometry();
        RoundTrip(Filled(g, n => (byte)(n % 256)));
        RoundTrip(Filled(g, n => (short)(n * 91 - 20000)));
        RoundTrip(Filled(g, n => (ushort)(n * 151)));
        RoundTrip(Filled(g, n => n * 100_003 - 1_000_000_000));
        RoundTrip(Filled(g, n => n * 0.37f - 12.5f));
        RoundTrip(Filled(g, n => n * 1e-7 - 3.25));
    }

    private void RoundTrip<T>(Volume<T> volume) where T : unmanaged
    {
        string path = Path.Combine(_dir, $"{typeof(T).Name}.nii.gz");
        NiftiFile.Write(path, volume);
        Volume<T> back = NiftiFile.Read<T>(path).Volume;
        Assert.That(back.Voxels.ToArray(), Is.EqualTo(volume.Voxels.ToArray()), typeof(T).Name);
        AssertGeometry(back.Geometry, volume.Geometry);
    }

    [Test]
    public void Read_NrrdToNiftiToNrrd_KeepsVoxelsAndGeometry()
    {
        ImageGeometry g = ObliqueGeometry();
        Volume<short> original = Filled(g, n => (short)(n % 3000 - 1000));
        string nrrd = Path.Combine(_dir, "a.nrrd"), nii = Path.Combine(_dir, "b.nii.gz"), nrrd2 = Path.Combine(_dir, "c.nrrd");

        VolumeFile.Write(nrrd, original);
        VolumeFile.Write(nii, VolumeFile.Read<short>(nrrd));
        VolumeFile.Write(nrrd2, VolumeFile.Read<short>(nii));
        Volume<short> back = NrrdFile.Read<short>(nrrd2).Volume;

        Assert.That(back.Voxels.ToArray(), Is.EqualTo(original.Voxels.ToArray()));
        AssertGeometry(back.Geometry, g);
        AssertGeometry(VolumeFile.ReadGeometry(nii), g);
    }

    [Test]
    public void Read_HandBuiltRasSform_MapsVoxelToExpectedLpsPoint()
    {
        // sform (RAS mm): x = -1.5 i + 90, y = 3 k - 120, z = 2 j + 10. The qform says something else and must be ignored.
        byte[] file = new NiftiTestFiles(4, 5, 6, datatype: 4, bitpix: 16)
            .PixDim(1, 1.5f, 2, 3)
            .Qform(1, 0, 0, 0, 500, 500, 500)
            .Sform(2, [-1.5f, 0, 0, 90], [0, 0, 3, -120], [0, 2, 0, 10])
            .Scale(2, -1024)
            .With(NiftiTestFiles.Int16Voxels(Enumerable.Range(0, 4 * 5 * 6).Select(n => (short)n)));
        string path = Path.Combine(_dir, "ras.nii");
        File.WriteAllBytes(path, file);

        (Volume<short> v, NiftiHeader header) = NiftiFile.Read<short>(path);

        Vec3 lps = v.Geometry.IndexToPatient(1, 2, 3);
        Assert.Multiple(() =>
        {
            Assert.That(header.GeometrySource, Is.EqualTo("sform (code 2)"));
            // RAS (88.5, -111, 14) is LPS (-88.5, 111, 14).
            Assert.That((lps - new Vec3(-88.5, 111, 14)).Length, Is.LessThan(1e-4), $"voxel (1,2,3) at {lps}");
            Assert.That(v.Geometry.SpacingMm, Is.EqualTo(new Vec3(1.5, 2, 3)));
            // Stored value at (1,2,3) is its linear index 1 + 2*4 + 3*20 = 69; scl_slope 2, scl_inter -1024.
            Assert.That(v.Voxels[(int)v.Geometry.Linear(1, 2, 3)], Is.EqualTo(69 * 2 - 1024));
        });
    }

    [Test]
    public void Read_HandBuiltQformWithNegativeQfac_MapsVoxelToExpectedLpsPoint()
    {
        // 90 degrees about z (a = d = sqrt(1/2)), qfac -1, pixdim 1, 2, 3, offset (10, 20, 30):
        // RAS = R * diag(1, 2, -3) * (1, 1, 1) + offset = (-2, 1, -3) + (10, 20, 30) = (8, 21, 27), LPS (-8, -21, 27).
        float h = (float)Math.Sqrt(0.5);
        byte[] file = new NiftiTestFiles(2, 2, 2, datatype: 2, bitpix: 8)
            .PixDim(-1, 1, 2, 3)
            .Qform(1, 0, 0, h, 10, 20, 30)
            .With(new byte[8]);
        string path = Path.Combine(_dir, "q.nii");
        File.WriteAllBytes(path, file);

        Volume<byte> v = NiftiFile.Read<byte>(path).Volume;

        Vec3 lps = v.Geometry.IndexToPatient(1, 1, 1);
        Assert.That((lps - new Vec3(-8, -21, 27)).Length, Is.LessThan(1e-5), $"voxel (1,1,1) at {lps}");
    }

    [Test]
    public void Read_NoQformNoSform_UsesPixdimOnRasAxes()
    {
        byte[] file = new NiftiTestFiles(2, 2, 2, datatype: 2, bitpix: 8).PixDim(0, 2, 2, 2).With(new byte[8]);
        string path = Path.Combine(_dir, "p.nii");
        File.WriteAllBytes(path, file);

        NiftiHeader header = NiftiFile.ReadHeader(path);

        Assert.That(header.GeometrySource, Does.StartWith("pixdim"));
        Assert.That((header.Geometry.IndexToPatient(1, 1, 1) - new Vec3(-2, -2, 2)).Length, Is.LessThan(1e-9));
    }

    [Test]
    public void Read_GzipWithoutGzExtension_IsDetectedByMagicBytes()
    {
        ImageGeometry g = ObliqueGeometry();
        Volume<short> volume = Filled(g, n => (short)n);
        string gz = Path.Combine(_dir, "v.nii.gz"), plainName = Path.Combine(_dir, "v.nii");
        NiftiFile.Write(gz, volume);
        File.Copy(gz, plainName);

        Assert.That(NiftiFile.Read<short>(plainName).Volume.Voxels.ToArray(), Is.EqualTo(volume.Voxels.ToArray()));
    }

    [Test]
    public void Read_FloatValuesIntoShort_RoundsAndRefusesOutOfRange()
    {
        ImageGeometry g = ObliqueGeometry();
        string ok = Path.Combine(_dir, "ok.nii"), bad = Path.Combine(_dir, "bad.nii");
        NiftiFile.Write(ok, Filled(g, n => n * 0.5f - 3.2f));
        NiftiFile.Write(bad, Filled(g, n => n == 17 ? 40000f : 0f));

        Volume<short> v = NiftiFile.Read<short>(ok).Volume;

        Assert.That(v.Voxels[7], Is.EqualTo((short)Math.Round(7 * 0.5f - 3.2f)));
        var e = Assert.Throws<NiftiFormatException>(() => NiftiFile.Read<short>(bad));
        Assert.That(e!.Message, Does.Contain(bad).And.Contain("40000").And.Contain("does not fit Int16"));
    }

    [Test]
    public void Read_BigEndianFile_ReadsSameValues()
    {
        // Byte-swap a hand-built header and its int16 voxels: the reader must detect the order from sizeof_hdr.
        byte[] le = new NiftiTestFiles(2, 2, 1, datatype: 4, bitpix: 16).PixDim(1, 1, 1, 1)
            .With(NiftiTestFiles.Int16Voxels([-3, 1000, 7, -2000]));
        byte[] be = (byte[])le.Clone();
        void Swap(int at, int size) => Array.Reverse(be, at, size);
        Swap(0, 4);
        for (int n = 0; n < 8; n++) Swap(40 + 2 * n, 2);
        Swap(70, 2);
        Swap(72, 2);
        for (int n = 0; n < 8; n++) Swap(76 + 4 * n, 4);
        Swap(108, 4);
        for (int n = 0; n < 4; n++) Swap(352 + 2 * n, 2);
        string path = Path.Combine(_dir, "be.nii");
        File.WriteAllBytes(path, be);

        (Volume<short> v, NiftiHeader header) = NiftiFile.Read<short>(path);

        Assert.That(header.BigEndian, Is.True);
        Assert.That(v.Voxels.ToArray(), Is.EqualTo(new short[] { -3, 1000, 7, -2000 }));
    }

    [Test]
    public void VolumeFile_UnknownExtension_NamesTheAcceptedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => VolumeFile.Kind("scan.mha"));
        Assert.That(e!.Message, Does.Contain("scan.mha").And.Contain(".nii.gz"));
        Assert.That(VolumeFile.Kind("A.NII.GZ"), Is.EqualTo(VolumeFormat.Nifti));
        Assert.That(VolumeFile.Kind("labels.seg.nrrd"), Is.EqualTo(VolumeFormat.Nrrd));
    }

    internal static void Gzip(string source, string target)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(target);
        using var z = new GZipStream(output, CompressionLevel.Fastest);
        input.CopyTo(z);
    }
}
